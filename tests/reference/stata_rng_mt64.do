* Stata's 64-bit Mersenne Twister: the summaries printed in the Stata blog post.
clear
set obs 10000
set seed 98034
generate u1 = runiform()
summarize u1
generate u2 = runiform(1, 2)
summarize u2
generate u3 = runiformint(0, 100)
summarize u3
