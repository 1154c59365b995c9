/* Civil dates as day numbers (days since 1970-01-01), after the well-known
 * days_from_civil / civil_from_days algorithms on the proleptic Gregorian
 * calendar (era of 400 years = 146097 days). */
#include "plan/common.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

PLAN_EXPORT plan_date plan_date_from_ymd(int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return PLAN_DATE_NONE;
	y -= m <= 2;
	int era = y / 400; /* y >= 0 here */
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

PLAN_EXPORT int plan_date_to_ymd(int *y, int *m, int *d, plan_date date)
{
	/* 0001-01-01 is -719162, 9999-12-31 is 2932896 */
	if (date < -719162 || date > 2932896)
		return PLAN_EINVAL;
	int z = date + 719468;
	int era = z / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	int yy = yoe + era * 400 + (mm <= 2);
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return 0;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

PLAN_EXPORT int plan_date_parse(plan_date *out, const char *text)
{
	if (!out || !text)
		return PLAN_EINVAL;
	for (int i = 0; i < 10; i++)
		if (!text[i])
			return PLAN_EINVAL;
	if (text[10] || text[4] != '-' || text[7] != '-')
		return PLAN_EINVAL;
	int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return PLAN_EINVAL;
	plan_date v = plan_date_from_ymd(y, m, d);
	if (v == PLAN_DATE_NONE)
		return PLAN_EINVAL;
	*out = v;
	return 0;
}

PLAN_EXPORT int plan_date_format(char *buf, plan_date date)
{
	int y, m, d;
	if (!buf)
		return PLAN_EINVAL;
	if (plan_date_to_ymd(&y, &m, &d, date) < 0) {
		buf[0] = '\0';
		return PLAN_EINVAL;
	}
	/* years 1 to 9999: always four digits (no snprintf: plans format
	 * dates by the million) */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return 0;
}

PLAN_EXPORT int plan_date_weekday(plan_date date)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0) */
	int w = (int)(((int64_t)date + 3) % 7);
	return w < 0 ? w + 7 : w;
}
