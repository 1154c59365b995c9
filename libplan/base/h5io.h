/* Tables in HDF5: one-dimensional datasets of a compound type, written in
 * chunks with shuffle and deflate, read back field by field by name. The
 * store (store.c) describes what goes in them; this file knows HDF5.
 *
 * Every function here runs with HDF5's automatic error printing off (the
 * caller's plan_h5__quiet) and turns HDF5's error stack into a message. */
#ifndef PLAN_H5IO_H
#define PLAN_H5IO_H

#include <hdf5.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Kinds of fields written. */
enum { H5K_TEXT, H5K_F64, H5K_I32, H5K_I8 };

/* Silencing HDF5's error printing for the span of one API call, restoring
 * the caller's handler after (per thread in a thread-safe HDF5). */
typedef struct plan_h5_quiet {
	H5E_auto2_t func;
	void *data;
} plan_h5_quiet;

void plan_h5__quiet_begin(plan_h5_quiet *q);
void plan_h5__quiet_end(const plan_h5_quiet *q);

/* Writes "what: " and the innermost and outermost messages of HDF5's
 * current error stack into buf; returns buf. */
char *plan_h5__error(char *buf, size_t n, const char *what);

/* A table being written. */
typedef struct plan_h5_out {
	hid_t dset, type;
	int ncols;
	const uint8_t *kinds;
	size_t offset[32];
	size_t width[32];   /* text: bytes with the NUL */
	size_t rowsize, block, nbuf, nrows;
	char *buf;
} plan_h5_out;

/* Creates dataset `name` in loc with the given fields; widths[k] is the
 * longest text of text field k (without NUL); rows: how many will come
 * (chunks are no larger), 0 if unknown. level: deflate level. 0 or -1 (err
 * says why). */
int plan_h5__out_open(plan_h5_out *o, hid_t loc, const char *name, int ncols,
		      const char *const *names, const uint8_t *kinds, const size_t *widths,
		      size_t rows, int level, char *err, size_t errlen);

/* Appends one row; text values longer than their width are cut, NULL is
 * empty. Integers come in d as well. 0 or -1. */
typedef union plan_h5_val {
	const char *s;
	double d;
	int64_t i;
} plan_h5_val;
int plan_h5__out_row(plan_h5_out *o, const plan_h5_val *v, char *err, size_t errlen);

/* Writes what is buffered and closes. 0 or -1 (closes anyway). */
int plan_h5__out_close(plan_h5_out *o, char *err, size_t errlen);

/* A table being read. The caller names the fields it wants; each is found
 * by name in the file's compound type (or is absent). Text fields are read
 * as strings (fixed or variable length), integer and float fields as
 * doubles. */
enum { H5F_ABSENT = 0, H5F_TEXT, H5F_NUM, H5F_OTHER };

typedef struct plan_h5_in {
	hid_t dset, mtype, fspace, mspace;
	size_t nrows;        /* rows in the dataset */
	int nwant;
	int field[32];       /* per wanted column: its index in the file type, -1 absent */
	int cls[32];         /* per wanted column: H5F_* */
	int vlen[32];        /* variable-length text */
	size_t moff[32];
	int nfields;         /* fields of the file type */
	char unknown[256];   /* names of fields nobody wants, ", "-separated (cut) */
	size_t rowsize, block;
	size_t frowsize;     /* a row in the file */
	size_t first, count; /* rows of the current block */
	char *buf;
	/* The next block is read by a second thread while the caller works on
	 * this one, where the HDF5 library is thread-safe (it then serialises
	 * its calls): inflating and converting a block overlaps building the
	 * model from the last. */
	char *next_buf;
	hid_t next_mspace;
	size_t next_first, next_count;
	int ahead, ahead_rc;   /* a read under way; how it ended */
	char ahead_err[256];
	pthread_t thread;
} plan_h5_in;

/* Opens dataset `name` in loc. Returns 0, 1 if there is no such dataset,
 * -1 on error (err says why: not a one-dimensional compound dataset, a
 * field too wide, ...). */
int plan_h5__in_open(plan_h5_in *in, hid_t loc, const char *name, const char *const *want,
		     int nwant, char *err, size_t errlen);

/* Reads the next block of rows (in->first, in->count). Returns 1 while rows
 * came, 0 at the end, -1 on error. */
int plan_h5__in_next(plan_h5_in *in, char *err, size_t errlen);

/* Cell of wanted column k in row i of the block: text (never NULL) or a
 * number. */
const char *plan_h5__in_text(const plan_h5_in *in, size_t i, int k);
double plan_h5__in_num(const plan_h5_in *in, size_t i, int k);

void plan_h5__in_close(plan_h5_in *in);

/* Attributes of an object: an integer, a string. 0 or -1. */
int plan_h5__attr_int_set(hid_t obj, const char *name, long v);
int plan_h5__attr_text_set(hid_t obj, const char *name, const char *v);
/* 0, 1 if absent, -1 if not an integer */
int plan_h5__attr_int_get(hid_t obj, const char *name, long *v);
/* 0, 1 if absent, -1 if not a string; cut to n - 1 bytes */
int plan_h5__attr_text_get(hid_t obj, const char *name, char *buf, size_t n);

/* H5Fget_file_image() of HDF5 before 1.14.7 clears the superblock's status
 * flags without computing its checksum again (HDFGroup/hdf5 issue 1915,
 * fixed by pull request 5489), so the image of a file of superblock version
 * 2 or 3 does not open. This computes it again (Jenkins' lookup3, HDF5's
 * metadata checksum) over the image's superblock at offset 0. 0, or -1 if
 * the image does not start with a superblock of version 2 or 3. */
int plan_h5__image_fix_superblock(unsigned char *image, size_t size);

/* HDF5's metadata checksum: Bob Jenkins' lookup3 hashlittle() of data,
 * byte by byte (the same on any host), with initial value 0. */
uint32_t plan_h5__checksum(const unsigned char *data, size_t len);

#endif
