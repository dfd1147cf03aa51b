# Kazakh record-keeping writes dates day first with dots ("25.11.2026") and the long
# form as "2026 жылғы 25 қараша"; Django ships no format module for kk.
DATE_FORMAT = "Y \\ж\\ы\\л\\ғ\\ы j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y \\ж\\ы\\л\\ғ\\ы j E, H:i"
YEAR_MONTH_FORMAT = "Y \\ж. F"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
