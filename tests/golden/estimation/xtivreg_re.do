* name: xtivreg_re
* description: xtivreg, re (G2SLS) output with theta; oracle: just identified, b = reduced form / first stage on the theta-transformed data
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
generate double lmv = L.mvalue
xtivreg invest kstock (mvalue = lmv), re theta
scalar th = e(theta)
scalar b = _b[mvalue]
foreach v in invest kstock mvalue lmv {
  quietly egen double m_`v' = mean(`v') if e(sample), by(company)
  quietly generate double t_`v' = `v' - th*m_`v'
}
generate double t_c = 1 - th
quietly regress t_invest t_lmv t_kstock t_c, noconstant
scalar rf = _b[t_lmv]
quietly regress t_mvalue t_lmv t_kstock t_c, noconstant
assert reldif(b, rf/_b[t_lmv]) < 1e-8
