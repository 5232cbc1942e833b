/* tolk_edit_distance: see editdist.h. */
#include "editdist.h"

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
