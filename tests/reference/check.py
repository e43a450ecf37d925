#!/usr/bin/env python3
"""Check one reference case: run NAME.do with `xtdo --results` and compare the
posted e()/r() results with NAME.json.

Usage: check.py XTDO path/to/NAME.json [more.json ...]

A case file holds {"id", "source", "checks": [...]}; each check names the
command whose results it inspects ("cmd": e(cmd), or "r:<command>" for the r()
results of a command), which of its results ("occurrence", default -1 = last)
and the expected "coef", "se" (square roots of the diagonal of e(V)),
"scalars" and "matrices". An expected value written as a string was copied
from printed output and must agree to its printed decimals (half a unit in the
last place); a number must agree within "rtol" (relative, default 1e-6).
The script runs in the case file's directory, so data paths start with data/.
"""
import json
import math
import os
import re
import subprocess
import sys
import tempfile


def printed_tolerance(text):
    """Half a unit in the last printed decimal place of `text`."""
    mantissa, _, exponent = text.strip().lower().partition('e')
    places = len(mantissa.split('.')[1]) if '.' in mantissa else 0
    if exponent:
        places -= int(exponent)
    return 0.5 * 10.0 ** (-places)


def agrees(got, want, rtol):
    if got is None or (isinstance(got, float) and math.isnan(got)):
        return False
    if isinstance(want, str):
        # A little slack over half a unit for the binary representation.
        return abs(got - float(want)) <= printed_tolerance(want) * 1.02 + 1e-15
    if want == 0:
        return abs(got) <= rtol
    return abs(got - want) <= rtol * abs(want)


def canonical(name):
    """Stata stores L.x but shows L1.x; spaces never matter."""
    return re.sub(r'\b([LFDS])1\.', r'\1.', name).replace(' ', '')


def first_word(command):
    words = [w for w in command.replace(',', ' ').split()
             if w not in ('quietly', 'qui', 'noisily', 'noi', 'capture', 'cap')]
    return words[0].rstrip(':') if words else ''


def run(xtdo, do_file):
    with tempfile.TemporaryDirectory() as tmp:
        results = os.path.join(tmp, 'results.jsonl')
        proc = subprocess.run([xtdo, '--results', results, os.path.basename(do_file)],
                              cwd=os.path.dirname(do_file), capture_output=True, text=True,
                              timeout=300)
        records = []
        if os.path.exists(results):
            with open(results) as fh:
                records = [json.loads(line) for line in fh if line.strip()]
    return proc, records


def compare(check, records):
    problems = []
    rtol = check.get('rtol', 1e-6)
    cmd = check['cmd']
    if cmd.startswith('r:'):
        wanted = cmd[2:]
        pool = [rec['r'] for rec in records if rec.get('r') and (
            not wanted or (len(first_word(rec.get('command', ''))) >= 2 and
                           wanted.startswith(first_word(rec['command']))))]
    else:
        pool = [rec['e'] for rec in records if rec.get('e', {}).get('cmd') == cmd]
    try:
        res = pool[check.get('occurrence', -1)]
    except IndexError:
        return [f'{cmd}: no results posted']

    coef, se = {}, {}
    names = [canonical(n) for n in res.get('colnames', [])]
    for i, name in enumerate(names):
        coef[name] = res['b'][i]
        try:
            var = res['V'][i][i]
            se[name] = math.sqrt(var) if var is not None and var >= 0 else None
        except (KeyError, IndexError, TypeError):
            se[name] = None
    for kind, table in (('coef', coef), ('se', se)):
        for name, want in check.get(kind, {}).items():
            got = table.get(canonical(name))
            if not agrees(got, want, rtol):
                problems.append(f'{kind}[{name}] = {got}, expected {want}')
    scalars = res.get('scalars', {})
    for name, want in check.get('scalars', {}).items():
        if not agrees(scalars.get(name), want, rtol):
            problems.append(f'{name} = {scalars.get(name)}, expected {want}')
    matrices = res.get('matrices', {}) or {}
    for name, want in check.get('matrices', {}).items():
        got = matrices.get(name)
        data = got.get('data') if isinstance(got, dict) else got
        flat_got = [x for row in (data or []) for x in row]
        flat_want = [x for row in want for x in row]
        if len(flat_got) != len(flat_want):
            problems.append(f'matrix {name}: shape differs or missing')
            continue
        for k, (g, w) in enumerate(zip(flat_got, flat_want)):
            if not agrees(g, w, rtol):
                problems.append(f'matrix {name}[{k}] = {g}, expected {w}')
                break
    return [f'{cmd} {p}' for p in problems]


def check_case(xtdo, case_path):
    with open(case_path) as fh:
        case = json.load(fh)
    do_file = os.path.abspath(case_path[:-len('.json')] + '.do')
    try:
        proc, records = run(xtdo, do_file)
    except subprocess.TimeoutExpired:
        return ['timed out']
    if proc.returncode != 0 and not records:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
        return [f'exit status {proc.returncode}: ' + ' | '.join(tail)]
    problems = []
    for check in case['checks']:
        problems += compare(check, records)
    return problems


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    xtdo = os.path.abspath(argv[1])
    failed = 0
    for case_path in argv[2:]:
        name = os.path.basename(case_path)[:-len('.json')]
        problems = check_case(xtdo, case_path)
        if problems:
            failed += 1
            print(f'FAIL {name}')
            for p in problems:
                print(f'  {p}')
        else:
            print(f'PASS {name}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
