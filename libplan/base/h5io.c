/* Tables in HDF5 (h5io.h). */
#include "base/h5io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunks of about this many bytes (uncompressed): large enough for deflate
 * and for few calls, small enough to stay in cache while shuffled. */
#define CHUNK_BYTES (1u << 20)
/* Blocks read at once, at most. */
#define READ_BYTES (16u << 20)
/* A text field wider than this is refused (a broken or hostile file). */
#define MAX_TEXT 65536
/* Deflate packs at most about 1032 bytes into one. */
#define MAX_RATIO 1100

void plan_h5__quiet_begin(plan_h5_quiet *q)
{
	q->func = NULL;
	q->data = NULL;
	H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data);
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	H5Eclear2(H5E_DEFAULT);
}

void plan_h5__quiet_end(const plan_h5_quiet *q)
{
	H5Eclear2(H5E_DEFAULT);
	H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

typedef struct walk_ctx {
	char first[160], last[160];
	int n;
} walk_ctx;

static herr_t walk(unsigned n, const H5E_error2_t *e, void *data)
{
	walk_ctx *w = data;
	char *dst = n == 0 ? w->first : w->last;
	snprintf(dst, sizeof(w->first), "%s", e->desc ? e->desc : "error");
	w->n++;
	return 0;
}

char *plan_h5__error(char *buf, size_t n, const char *what)
{
	walk_ctx w;
	w.first[0] = w.last[0] = '\0';
	w.n = 0;
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk, &w);
	if (w.n > 1)
		snprintf(buf, n, "%s: %s (%s)", what, w.first, w.last);
	else if (w.n == 1)
		snprintf(buf, n, "%s: %s", what, w.first);
	else
		snprintf(buf, n, "%s: HDF5 call failed", what);
	H5Eclear2(H5E_DEFAULT);
	return buf;
}

/* --- writing -------------------------------------------------------------- */

static hid_t field_type(int kind, size_t width)
{
	switch (kind) {
	case H5K_TEXT: {
		hid_t t = H5Tcopy(H5T_C_S1);
		if (t < 0)
			return t;
		if (H5Tset_size(t, width) < 0 || H5Tset_strpad(t, H5T_STR_NULLTERM) < 0 ||
		    H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
			H5Tclose(t);
			return -1;
		}
		return t;
	}
	case H5K_F64: return H5Tcopy(H5T_IEEE_F64LE);
	case H5K_I32: return H5Tcopy(H5T_STD_I32LE);
	default: return H5Tcopy(H5T_STD_I8LE);
	}
}

static size_t kind_size(int kind, size_t width)
{
	return kind == H5K_TEXT ? width : kind == H5K_F64 ? 8 : kind == H5K_I32 ? 4 : 1;
}

int plan_h5__out_open(plan_h5_out *o, hid_t loc, const char *name, int ncols,
		      const char *const *names, const uint8_t *kinds, const size_t *widths,
		      size_t rows, int level, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	o->dset = o->type = -1;
	if (ncols > (int)(sizeof(o->offset) / sizeof(o->offset[0]))) {
		snprintf(err, errlen, "%s: too many fields", name);
		return -1;
	}
	o->ncols = ncols;
	o->kinds = kinds;
	for (int k = 0; k < ncols; k++) {
		o->width[k] = kinds[k] == H5K_TEXT ? widths[k] + 1 : 0;
		o->offset[k] = o->rowsize;
		o->rowsize += kind_size(kinds[k], o->width[k]);
	}
	o->type = H5Tcreate(H5T_COMPOUND, o->rowsize);
	int bad = o->type < 0;
	for (int k = 0; k < ncols && !bad; k++) {
		hid_t ft = field_type(kinds[k], o->width[k]);
		bad = ft < 0 || H5Tinsert(o->type, names[k], o->offset[k], ft) < 0;
		if (ft >= 0)
			H5Tclose(ft);
	}
	size_t chunk = CHUNK_BYTES / o->rowsize;
	if (rows && chunk > rows)
		chunk = rows;
	if (chunk < 1)
		chunk = 1;
	o->block = chunk;
	hsize_t dims = 0, maxdims = H5S_UNLIMITED, cdims = chunk;
	hid_t space = bad ? -1 : H5Screate_simple(1, &dims, &maxdims);
	hid_t dcpl = bad ? -1 : H5Pcreate(H5P_DATASET_CREATE);
	bad = bad || space < 0 || dcpl < 0 || H5Pset_chunk(dcpl, 1, &cdims) < 0 ||
	      H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, (unsigned)level) < 0 ||
	      H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER) < 0;
	if (!bad)
		o->dset = H5Dcreate2(loc, name, o->type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
	if (space >= 0)
		H5Sclose(space);
	if (dcpl >= 0)
		H5Pclose(dcpl);
	if (bad || o->dset < 0) {
		plan_h5__error(err, errlen, name);
		if (o->type >= 0)
			H5Tclose(o->type);
		o->type = -1;
		return -1;
	}
	o->buf = malloc(o->block * o->rowsize);
	if (!o->buf) {
		snprintf(err, errlen, "%s: out of memory", name);
		H5Dclose(o->dset);
		H5Tclose(o->type);
		o->dset = o->type = -1;
		return -1;
	}
	return 0;
}

static int flush(plan_h5_out *o, char *err, size_t errlen)
{
	if (!o->nbuf)
		return 0;
	hsize_t total = o->nrows + o->nbuf, start = o->nrows, count = o->nbuf;
	int bad = H5Dset_extent(o->dset, &total) < 0;
	hid_t fspace = bad ? -1 : H5Dget_space(o->dset);
	hid_t mspace = bad ? -1 : H5Screate_simple(1, &count, NULL);
	bad = bad || fspace < 0 || mspace < 0 ||
	      H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0 ||
	      H5Dwrite(o->dset, o->type, mspace, fspace, H5P_DEFAULT, o->buf) < 0;
	if (fspace >= 0)
		H5Sclose(fspace);
	if (mspace >= 0)
		H5Sclose(mspace);
	if (bad) {
		char name[64] = "";
		H5Iget_name(o->dset, name, sizeof(name));
		plan_h5__error(err, errlen, name);
		return -1;
	}
	o->nrows += o->nbuf;
	o->nbuf = 0;
	return 0;
}

int plan_h5__out_row(plan_h5_out *o, const plan_h5_val *v, char *err, size_t errlen)
{
	if (o->nbuf == o->block && flush(o, err, errlen) < 0)
		return -1;
	char *row = o->buf + o->nbuf * o->rowsize;
	for (int k = 0; k < o->ncols; k++) {
		char *f = row + o->offset[k];
		switch (o->kinds[k]) {
		case H5K_TEXT: {
			size_t len = v[k].s ? strlen(v[k].s) : 0;
			if (len >= o->width[k])
				len = o->width[k] - 1;
			memcpy(f, v[k].s ? v[k].s : "", len);
			memset(f + len, 0, o->width[k] - len);
			break;
		}
		case H5K_F64:
			memcpy(f, &v[k].d, 8);
			break;
		case H5K_I32: {
			int32_t x = (int32_t)v[k].i;
			memcpy(f, &x, 4);
			break;
		}
		default: {
			int8_t x = (int8_t)v[k].i;
			memcpy(f, &x, 1);
			break;
		}
		}
	}
	o->nbuf++;
	return 0;
}

int plan_h5__out_close(plan_h5_out *o, char *err, size_t errlen)
{
	int rc = o->dset >= 0 ? flush(o, err, errlen) : -1;
	if (o->dset >= 0 && H5Dclose(o->dset) < 0 && rc == 0)
		rc = -1, plan_h5__error(err, errlen, "closing a dataset");
	if (o->type >= 0)
		H5Tclose(o->type);
	free(o->buf);
	o->buf = NULL;
	o->dset = o->type = -1;
	return rc;
}

/* --- reading -------------------------------------------------------------- */

static int fail(plan_h5_in *in, char *err, size_t errlen, const char *name, const char *why)
{
	if (why)
		snprintf(err, errlen, "%s: %s", name, why);
	else
		plan_h5__error(err, errlen, name);
	plan_h5__in_close(in);
	return -1;
}

static void start_ahead(plan_h5_in *in);

int plan_h5__in_open(plan_h5_in *in, hid_t loc, const char *name, const char *const *want,
		     int nwant, char *err, size_t errlen)
{
	memset(in, 0, sizeof(*in));
	in->dset = in->mtype = in->fspace = in->mspace = in->next_mspace = -1;
	if (nwant > (int)(sizeof(in->field) / sizeof(in->field[0]))) {
		snprintf(err, errlen, "%s: too many fields", name);
		return -1;
	}
	in->nwant = nwant;
	for (int k = 0; k < nwant; k++)
		in->field[k] = -1;
	htri_t there = H5Lexists(loc, name, H5P_DEFAULT);
	if (there < 0)
		return fail(in, err, errlen, name, NULL);
	if (!there)
		return 1;
	H5O_info_t oi;
	if (H5Oget_info_by_name2(loc, name, &oi, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
		return fail(in, err, errlen, name, NULL);
	if (oi.type != H5O_TYPE_DATASET)
		return fail(in, err, errlen, name, "not a dataset");
	in->dset = H5Dopen2(loc, name, H5P_DEFAULT);
	if (in->dset < 0)
		return fail(in, err, errlen, name, NULL);
	hid_t ftype = H5Dget_type(in->dset);
	if (ftype < 0)
		return fail(in, err, errlen, name, NULL);
	if (H5Tget_class(ftype) != H5T_COMPOUND) {
		H5Tclose(ftype);
		return fail(in, err, errlen, name, "not a table (a dataset of a compound type)");
	}
	in->fspace = H5Dget_space(in->dset);
	hsize_t dims = 0;
	if (in->fspace < 0 || H5Sget_simple_extent_ndims(in->fspace) != 1 ||
	    H5Sget_simple_extent_dims(in->fspace, &dims, NULL) != 1) {
		H5Tclose(ftype);
		return fail(in, err, errlen, name, "not a one-dimensional dataset");
	}
	in->nrows = (size_t)dims;
	/* a size the stored bytes cannot hold is a broken file, not a reason
	 * to read fill values for ever */
	size_t fsize = H5Tget_size(ftype);
	in->frowsize = fsize;
	hsize_t stored = H5Dget_storage_size(in->dset);
	if (fsize == 0 || (double)dims * (double)fsize > ((double)stored + 1) * MAX_RATIO + 16e6) {
		H5Tclose(ftype);
		snprintf(err, errlen, "%s: %llu rows of %zu bytes cannot be in %llu stored bytes",
			 name, (unsigned long long)dims, fsize, (unsigned long long)stored);
		plan_h5__in_close(in);
		return -1;
	}

	int nm = H5Tget_nmembers(ftype);
	in->nfields = nm;
	size_t ulen = 0;
	hid_t mt[32];
	int nmt = 0;
	for (int i = 0; i < nm; i++) {
		char *fname = H5Tget_member_name(ftype, (unsigned)i);
		if (!fname) {
			H5Tclose(ftype);
			return fail(in, err, errlen, name, NULL);
		}
		int k = 0;
		while (k < nwant && strcmp(want[k], fname) != 0)
			k++;
		if (k == nwant) {
			int w = snprintf(in->unknown + ulen, sizeof(in->unknown) - ulen, "%s\"%s\"",
					 ulen ? ", " : "", fname);
			if (w > 0 && ulen + (size_t)w < sizeof(in->unknown))
				ulen += (size_t)w;
			H5free_memory(fname);
			continue;
		}
		H5free_memory(fname);
		hid_t ft = H5Tget_member_type(ftype, (unsigned)i);
		if (ft < 0) {
			H5Tclose(ftype);
			return fail(in, err, errlen, name, NULL);
		}
		H5T_class_t c = H5Tget_class(ft);
		in->field[k] = i;
		hid_t m = -1;
		if (c == H5T_STRING) {
			in->cls[k] = H5F_TEXT;
			in->vlen[k] = H5Tis_variable_str(ft) > 0;
			m = H5Tcopy(ft);
			size_t sz = H5Tget_size(ft);
			if (m >= 0 && !in->vlen[k] &&
			    (sz > MAX_TEXT || H5Tset_size(m, sz + 1) < 0 ||
			     H5Tset_strpad(m, H5T_STR_NULLTERM) < 0)) {
				H5Tclose(m);
				m = -1;
			}
		} else if (c == H5T_INTEGER || c == H5T_FLOAT) {
			in->cls[k] = H5F_NUM;
			m = H5Tcopy(H5T_NATIVE_DOUBLE);
		} else {
			in->cls[k] = H5F_OTHER;
		}
		H5Tclose(ft);
		if (in->cls[k] == H5F_OTHER)
			continue;
		if (m < 0) {
			for (int j = 0; j < nmt; j++)
				H5Tclose(mt[j]);
			H5Tclose(ftype);
			return fail(in, err, errlen, name, "a text field too wide");
		}
		in->moff[k] = in->rowsize;
		in->rowsize += H5Tget_size(m);
		mt[nmt++] = m;
	}
	/* the memory type: the wanted fields present, in the wanted order */
	if (in->rowsize) {
		in->mtype = H5Tcreate(H5T_COMPOUND, in->rowsize);
		int bad = in->mtype < 0;
		for (int k = 0, j = 0; k < nwant; k++) {
			if (in->field[k] < 0 || in->cls[k] == H5F_OTHER)
				continue;
			bad = bad || H5Tinsert(in->mtype, want[k], in->moff[k], mt[j]) < 0;
			j++;
		}
		if (bad) {
			for (int j = 0; j < nmt; j++)
				H5Tclose(mt[j]);
			H5Tclose(ftype);
			return fail(in, err, errlen, name, NULL);
		}
	}
	for (int j = 0; j < nmt; j++)
		H5Tclose(mt[j]);
	H5Tclose(ftype);

	size_t block = 65536;
	hid_t dcpl = H5Dget_create_plist(in->dset);
	if (dcpl >= 0) {
		hsize_t cd = 0;
		if (H5Pget_layout(dcpl) == H5D_CHUNKED && H5Pget_chunk(dcpl, 1, &cd) == 1 && cd > 0)
			block = (size_t)cd;
		H5Pclose(dcpl);
	}
	if (in->rowsize && block * in->rowsize > READ_BYTES)
		block = READ_BYTES / in->rowsize;
	if (block < 1)
		block = 1;
	in->block = block;
	if (in->rowsize) {
		in->buf = calloc(block, in->rowsize);
		if (!in->buf)
			return fail(in, err, errlen, name, "out of memory");
	}
	start_ahead(in); /* the first block */
	return 0;
}

/* Frees the variable-length strings HDF5 put in buf and the block's
 * memory space. */
static void reclaim(plan_h5_in *in, char *buf, hid_t *mspace)
{
	if (*mspace >= 0) {
		int has_vlen = 0;
		for (int k = 0; k < in->nwant; k++)
			has_vlen |= in->field[k] >= 0 && in->cls[k] == H5F_TEXT && in->vlen[k];
		if (has_vlen && buf)
			H5Dvlen_reclaim(in->mtype, *mspace, H5P_DEFAULT, buf);
		H5Sclose(*mspace);
		*mspace = -1;
	}
}

/* Reads rows [first, first + n) into buf; *mspace is the block's memory
 * space (-1 after an error). 0 or -1 (err says why). */
static int read_block(plan_h5_in *in, char *buf, size_t first, size_t n, hid_t *mspace, char *err,
		      size_t errlen)
{
	hsize_t start = first, count = n;
	hid_t fspace = H5Scopy(in->fspace); /* the selection is the reader's own */
	*mspace = H5Screate_simple(1, &count, NULL);
	/* HDF5 zeroes a conversion buffer of 1 MiB for every read by default:
	 * a block that needs less gets less (small tables read 10x faster) */
	size_t conv = n * (in->rowsize + in->frowsize);
	hid_t dxpl = H5P_DEFAULT;
	if (conv < ((size_t)1 << 20)) {
		dxpl = H5Pcreate(H5P_DATASET_XFER);
		if (dxpl >= 0 && H5Pset_buffer(dxpl, conv > 4096 ? conv : 4096, NULL, NULL) < 0) {
			H5Pclose(dxpl);
			dxpl = H5P_DEFAULT;
		}
		dxpl = dxpl < 0 ? H5P_DEFAULT : dxpl;
	}
	herr_t got = fspace < 0 || *mspace < 0 ||
		     H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &start, NULL, &count, NULL) < 0
		     ? -1 : H5Dread(in->dset, in->mtype, *mspace, fspace, dxpl, buf);
	if (dxpl != H5P_DEFAULT)
		H5Pclose(dxpl);
	if (got < 0) {
		char what[96];
		/* nothing was read that needs reclaiming */
		if (*mspace >= 0)
			H5Sclose(*mspace);
		*mspace = -1;
		if (fspace >= 0)
			H5Sclose(fspace);
		/* the caller names the file and the dataset; HDF5 often has no
		 * message of its own for a chunk that does not inflate */
		snprintf(what, sizeof(what), "rows %zu to %zu cannot be read", first + 1, first + n);
		plan_h5__error(err, errlen, what);
		return -1;
	}
	H5Sclose(fspace);
	return 0;
}

#ifdef H5_HAVE_THREADSAFE
static void *read_ahead(void *arg)
{
	plan_h5_in *in = arg;
	plan_h5_quiet q; /* error printing is per thread */
	plan_h5__quiet_begin(&q);
	in->ahead_rc = read_block(in, in->next_buf, in->next_first, in->next_count, &in->next_mspace,
				  in->ahead_err, sizeof(in->ahead_err));
	plan_h5__quiet_end(&q);
	return NULL;
}

/* Starts reading the block after the current one, if there is one (and
 * memory and a thread for it; else it is read when asked for). */
static void start_ahead(plan_h5_in *in)
{
	size_t first = in->first + in->count;
	if (first >= in->nrows)
		return;
	if (!in->next_buf && !(in->next_buf = calloc(in->block, in->rowsize)))
		return;
	in->next_first = first;
	in->next_count = in->nrows - first < in->block ? in->nrows - first : in->block;
	in->ahead_rc = 0;
	in->ahead = pthread_create(&in->thread, NULL, read_ahead, in) == 0;
}

/* Waits for the read under way, if any. */
static void finish_ahead(plan_h5_in *in)
{
	if (in->ahead)
		pthread_join(in->thread, NULL);
	in->ahead = 0;
}
#else
static void start_ahead(plan_h5_in *in)
{
	(void)in;
}

static void finish_ahead(plan_h5_in *in)
{
	(void)in;
}
#endif

int plan_h5__in_next(plan_h5_in *in, char *err, size_t errlen)
{
	reclaim(in, in->buf, &in->mspace);
	in->first += in->count;
	in->count = 0;
	if (in->first >= in->nrows)
		return 0;
	size_t n = in->nrows - in->first;
	if (n > in->block)
		n = in->block;
	in->count = n;
	if (!in->rowsize)
		return 1;
	if (in->ahead) {
		/* the block after the last: read meanwhile */
		finish_ahead(in);
		char *b = in->buf;
		in->buf = in->next_buf;
		in->next_buf = b;
		in->mspace = in->next_mspace;
		in->next_mspace = -1;
		if (in->ahead_rc < 0) {
			snprintf(err, errlen, "%s", in->ahead_err);
			return -1;
		}
	} else if (read_block(in, in->buf, in->first, n, &in->mspace, err, errlen) < 0) {
		return -1;
	}
	start_ahead(in);
	return 1;
}

const char *plan_h5__in_text(const plan_h5_in *in, size_t i, int k)
{
	const char *f = in->buf + i * in->rowsize + in->moff[k];
	if (!in->vlen[k])
		return f;
	const char *s;
	memcpy(&s, f, sizeof(s));
	return s ? s : "";
}

double plan_h5__in_num(const plan_h5_in *in, size_t i, int k)
{
	double v;
	memcpy(&v, in->buf + i * in->rowsize + in->moff[k], sizeof(v));
	return v;
}

void plan_h5__in_close(plan_h5_in *in)
{
	finish_ahead(in);
	reclaim(in, in->next_buf, &in->next_mspace);
	free(in->next_buf);
	in->next_buf = NULL;
	reclaim(in, in->buf, &in->mspace);
	if (in->mtype >= 0)
		H5Tclose(in->mtype);
	if (in->fspace >= 0)
		H5Sclose(in->fspace);
	if (in->dset >= 0)
		H5Dclose(in->dset);
	free(in->buf);
	in->buf = NULL;
	in->dset = in->mtype = in->fspace = -1;
}

/* --- attributes ----------------------------------------------------------- */

int plan_h5__attr_int_set(hid_t obj, const char *name, long v)
{
	hid_t s = H5Screate(H5S_SCALAR);
	hid_t a = s < 0 ? -1 : H5Acreate2(obj, name, H5T_STD_I64LE, s, H5P_DEFAULT, H5P_DEFAULT);
	int bad = a < 0 || H5Awrite(a, H5T_NATIVE_LONG, &v) < 0;
	if (a >= 0)
		H5Aclose(a);
	if (s >= 0)
		H5Sclose(s);
	return bad ? -1 : 0;
}

int plan_h5__attr_text_set(hid_t obj, const char *name, const char *v)
{
	hid_t t = field_type(H5K_TEXT, strlen(v) + 1);
	hid_t s = H5Screate(H5S_SCALAR);
	hid_t a = t < 0 || s < 0 ? -1 : H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
	int bad = a < 0 || H5Awrite(a, t, v) < 0;
	if (a >= 0)
		H5Aclose(a);
	if (s >= 0)
		H5Sclose(s);
	if (t >= 0)
		H5Tclose(t);
	return bad ? -1 : 0;
}

/* Opens attribute name of obj if it is a single value: the id, -2 if
 * absent, -1 otherwise. */
static hid_t open_scalar(hid_t obj, const char *name, H5T_class_t want)
{
	htri_t there = H5Aexists(obj, name);
	if (there <= 0)
		return there == 0 ? -2 : -1;
	hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
	if (a < 0)
		return -1;
	hid_t s = H5Aget_space(a), t = H5Aget_type(a);
	int ok = s >= 0 && t >= 0 && H5Sget_simple_extent_npoints(s) == 1 &&
		 H5Tget_class(t) == want;
	if (s >= 0)
		H5Sclose(s);
	if (t >= 0)
		H5Tclose(t);
	if (!ok) {
		H5Aclose(a);
		return -1;
	}
	return a;
}

int plan_h5__attr_int_get(hid_t obj, const char *name, long *v)
{
	hid_t a = open_scalar(obj, name, H5T_INTEGER);
	if (a < 0)
		return a == -2 ? 1 : -1;
	int bad = H5Aread(a, H5T_NATIVE_LONG, v) < 0;
	H5Aclose(a);
	return bad ? -1 : 0;
}

int plan_h5__attr_text_get(hid_t obj, const char *name, char *buf, size_t n)
{
	hid_t a = open_scalar(obj, name, H5T_STRING);
	if (a < 0)
		return a == -2 ? 1 : -1;
	hid_t ft = H5Aget_type(a);
	int bad = ft < 0;
	if (!bad && H5Tis_variable_str(ft) > 0) {
		char *s = NULL;
		hid_t mt = H5Tcopy(ft);
		bad = mt < 0 || H5Aread(a, mt, &s) < 0;
		if (!bad)
			snprintf(buf, n, "%s", s ? s : "");
		if (s)
			H5free_memory(s);
		if (mt >= 0)
			H5Tclose(mt);
	} else if (!bad) {
		size_t sz = H5Tget_size(ft);
		char *tmp = sz <= MAX_TEXT ? calloc(sz + 1, 1) : NULL;
		hid_t mt = H5Tcopy(ft);
		bad = !tmp || mt < 0 || H5Tset_size(mt, sz + 1) < 0 ||
		      H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0 || H5Aread(a, mt, tmp) < 0;
		if (!bad)
			snprintf(buf, n, "%s", tmp);
		free(tmp);
		if (mt >= 0)
			H5Tclose(mt);
	}
	if (ft >= 0)
		H5Tclose(ft);
	H5Aclose(a);
	return bad ? -1 : 0;
}

/* --- superblock checksum ---------------------------------------------------- */

#define ROT32(x, k) (((x) << (k)) | ((x) >> (32 - (k))))

uint32_t plan_h5__checksum(const unsigned char *k, size_t len)
{
	uint32_t a, b, c;
	a = b = c = 0xdeadbeefu + (uint32_t)len;
	while (len > 12) {
		a += k[0] + ((uint32_t)k[1] << 8) + ((uint32_t)k[2] << 16) + ((uint32_t)k[3] << 24);
		b += k[4] + ((uint32_t)k[5] << 8) + ((uint32_t)k[6] << 16) + ((uint32_t)k[7] << 24);
		c += k[8] + ((uint32_t)k[9] << 8) + ((uint32_t)k[10] << 16) + ((uint32_t)k[11] << 24);
		/* mix */
		a -= c; a ^= ROT32(c, 4); c += b;
		b -= a; b ^= ROT32(a, 6); a += c;
		c -= b; c ^= ROT32(b, 8); b += a;
		a -= c; a ^= ROT32(c, 16); c += b;
		b -= a; b ^= ROT32(a, 19); a += c;
		c -= b; c ^= ROT32(b, 4); b += a;
		len -= 12;
		k += 12;
	}
	switch (len) {
	case 12: c += (uint32_t)k[11] << 24; /* fall through */
	case 11: c += (uint32_t)k[10] << 16; /* fall through */
	case 10: c += (uint32_t)k[9] << 8;   /* fall through */
	case 9: c += k[8];                   /* fall through */
	case 8: b += (uint32_t)k[7] << 24;   /* fall through */
	case 7: b += (uint32_t)k[6] << 16;   /* fall through */
	case 6: b += (uint32_t)k[5] << 8;    /* fall through */
	case 5: b += k[4];                   /* fall through */
	case 4: a += (uint32_t)k[3] << 24;   /* fall through */
	case 3: a += (uint32_t)k[2] << 16;   /* fall through */
	case 2: a += (uint32_t)k[1] << 8;    /* fall through */
	case 1: a += k[0]; break;
	default: return c;
	}
	/* final */
	c ^= b; c -= ROT32(b, 14);
	a ^= c; a -= ROT32(c, 11);
	b ^= a; b -= ROT32(a, 25);
	c ^= b; c -= ROT32(b, 16);
	a ^= c; a -= ROT32(c, 4);
	b ^= a; b -= ROT32(a, 14);
	c ^= b; c -= ROT32(b, 24);
	return c;
}

int plan_h5__image_fix_superblock(unsigned char *image, size_t size)
{
	static const unsigned char sig[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };
	if (size < 12 || memcmp(image, sig, 8) != 0 || (image[8] != 2 && image[8] != 3))
		return -1;
	/* signature, version, sizes of offsets and lengths, flags, then four
	 * addresses (base, extension, end of file, root group), then the
	 * checksum, little-endian */
	size_t at = 12 + 4 * (size_t)image[9];
	if (image[9] < 2 || image[9] > 8 || at + 4 > size)
		return -1;
	uint32_t sum = plan_h5__checksum(image, at);
	for (int i = 0; i < 4; i++)
		image[at + (size_t)i] = (unsigned char)(sum >> (8 * i));
	return 0;
}
