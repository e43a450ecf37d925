* name: save_exists
* description: save onto an existing file without replace stops with r(602) and leaves the file alone
use ../../data/insp_people.dta, clear
save ../../data/insp_people.dta
