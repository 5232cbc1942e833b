/* tolk_edit_distance: see editdist.h. */
#include "editdist.h"

#include "tolk/common.h"
#include "utf8.h"
#include "util.h"

/* a[0..len) as code points into cps (room for TOLK_EDIT_MAX + 1); *n past the room means "too long". */
static int to_code_points(int32_t *cps, size_t *n, const char *s, size_t len)
{
	size_t i = 0;
	*n = 0;
	while (i < len) {
		int32_t c = tolk_utf8_next(s, len, &i);
		if (c < 0)
			return -1;
		if (*n <= TOLK_EDIT_MAX)
			cps[*n] = c;
		(*n)++;
	}
	return 0;
}

int tolk_text_distance(unsigned *out, const char *a, size_t alen, const char *b, size_t blen, unsigned limit)
{
	if (!out || (!a && alen) || (!b && blen))
		return tolk_error_set(TOLK_EINVALID, "tolk_text_distance: bad argument");
	if (limit > TOLK_EDIT_MAX) /* no distance exceeds it, and limit + 1 must not wrap */
		limit = TOLK_EDIT_MAX;
	int32_t ca[TOLK_EDIT_MAX + 1], cb[TOLK_EDIT_MAX + 1];
	size_t na, nb;
	if (to_code_points(ca, &na, a, alen) < 0 || to_code_points(cb, &nb, b, blen) < 0)
		return tolk_error_set(TOLK_EINVALID, "tolk_text_distance: the text is not UTF-8");
	*out = tolk_edit_distance(ca, na, cb, nb, limit);
	return 0;
}

unsigned tolk_edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, unsigned limit)
{
	if (na > TOLK_EDIT_MAX || nb > TOLK_EDIT_MAX || na > nb + limit || nb > na + limit)
		return limit + 1;
	unsigned d[TOLK_EDIT_MAX + 1][TOLK_EDIT_MAX + 1];
	for (size_t i = 0; i <= na; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= na; i++) {
		unsigned row_min = i <= limit ? 0 : limit + 1; /* d[i][0] = i */
		for (size_t j = 1; j <= nb; j++) {
			unsigned v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > limit) /* every path goes through this row */
			return limit + 1;
	}
	return d[na][nb] <= limit ? d[na][nb] : limit + 1;
}
