* Helper for tests/golden/lang/if_command.do: preserve, then change the data.
preserve
drop if y > 1
count
