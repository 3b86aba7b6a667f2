"""Passwords long enough for the length rule that are still among the first an attacker tries.

Compared case-insensitively. The list is short on purpose: shorter passwords are refused by
length already, and what matters here are the well-known long ones (keyboard runs, digit runs,
a word with `123` after it) and this product's own name.
"""

from __future__ import annotations

from typing import Final

COMMON_PASSWORDS: Final[frozenset[str]] = frozenset(
    """
    1234567890 0987654321 1234567891 12345678910 1231231231 123123123123 123456789a
    123456789abc 1111111111 0000000000 2222222222 5555555555 9999999999 1212121212
    qwertyuiop qwertyuiop123 qwerty1234 qwerty12345 qwerty123456 1q2w3e4r5t 1q2w3e4r5t6y
    q1w2e3r4t5 q1w2e3r4t5y6 1qaz2wsx3edc 1qazxsw2 zaq12wsxcde qazwsxedc123 qazwsxedcrfv
    asdfghjkl1 asdfghjkl123 zxcvbnm123 zxcvbnmasdf abcdefghij abc1234567 abcd123456
    password12 password123 password1234 password12345 passwordpassword passw0rd123
    p@ssw0rd123 iloveyou12 iloveyou123 loveyou1234 welcome123 welcome1234 letmein123
    letmeinplease changeme123 administrator admin12345 admin123456 adminadmin
    football123 baseball123 basketball soccer1234 superman123 batman1234 spiderman1
    princess123 sunshine123 monkey1234 dragon1234 master1234 shadow1234 trustno1234
    michael123 jennifer123 jessica123 charlie123 liverpool1 liverpool123 chelsea123
    arsenal123 manchester computer123 internet123 starwars123 pokemon123 minecraft1
    minecraft123 blink182182 whatever123 myspace123 facebook123 google1234 samsung123
    dinnerservice dinner12345 dinnerdinner mrdaebak123
    """.split()
)
