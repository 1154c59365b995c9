/* The HDF5 store (plan/store.h): a scenario and named plans in one file.
 * This file opens and closes it; store_scenario.c and store_plans.c read
 * and write what it holds.
 * The layout is written down in docs/hdf5.md; the tables are those of the
 * schema (scenario) and of plan_result__tables (plans), so that what is
 * stored is what the CSV writers write, column for column. */
#include "io/store_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outdir.h"


/* --- opening -------------------------------------------------------------- */

static plan_store *store_new(const char *path, plan_store_mode mode)
{
	plan_store *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->file = -1;
	s->mode = mode;
	snprintf(s->path, sizeof(s->path), "%s", path);
	const char *base = strrchr(path, '/');
	snprintf(s->name, sizeof(s->name), "%s", base && base[1] ? base + 1 : path);
	snprintf(s->errmsg, sizeof(s->errmsg), "no error");
	return s;
}

static hid_t new_fapl(void)
{
	hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
	/* closing the file closes whatever an error path left open */
	if (fapl >= 0 && H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
		H5Pclose(fapl);
		return -1;
	}
	return fapl;
}

/* The root attributes say what the file is. */
static int check_format(plan_store *s)
{
	char format[64];
	long major = 0, minor = 0;
	int rc = plan_h5__attr_text_get(s->file, "format", format, sizeof(format));
	if (rc != 0 || strcmp(format, FORMAT_NAME) != 0)
		return plan_store__error(s, PLAN_EFORMAT,
				   "%s: not a libplan store (no root attribute format = \"%s\")",
				   s->name, FORMAT_NAME);
	if (plan_h5__attr_int_get(s->file, "format_major", &major) != 0 ||
	    plan_h5__attr_int_get(s->file, "format_minor", &minor) != 0)
		return plan_store__error(s, PLAN_EFORMAT,
				   "%s: no integer root attributes format_major, format_minor", s->name);
	if (major != PLAN_STORE_FORMAT_MAJOR)
		return plan_store__error(s, PLAN_EFORMAT,
				   "%s: format version %ld.%ld; this libplan reads version %d.x",
				   s->name, major, minor, PLAN_STORE_FORMAT_MAJOR);
	return 0;
}

static int write_root(plan_store *s)
{
	if (plan_h5__attr_text_set(s->file, "format", FORMAT_NAME) < 0 ||
	    plan_h5__attr_int_set(s->file, "format_major", PLAN_STORE_FORMAT_MAJOR) < 0 ||
	    plan_h5__attr_int_set(s->file, "format_minor", PLAN_STORE_FORMAT_MINOR) < 0 ||
	    plan_h5__attr_text_set(s->file, "libplan_version", PLAN_VERSION_STRING) < 0 ||
	    plan_h5__attr_text_set(s->file, "dates", DATES_NOTE) < 0 ||
	    plan_h5__attr_text_set(s->file, "none", NONE_NOTE) < 0)
		return plan_store__hdf5_error(s, PLAN_EIO, "writing the root attributes");
	return 0;
}

/* A writing store works on the file in memory (HDF5's core driver, nothing
 * written back by HDF5: a failed write in HDF5 can leave it unable to close
 * the file, and then it crashes at exit). Closing writes the image to a new
 * file beside the real one, syncs it and renames it over the real one. */
static int memory_fapl(hid_t fapl)
{
	return H5Pset_fapl_core(fapl, (size_t)1 << 20, 0);
}

/* The open file's image, malloc()ed, into *out and *outsize. 0 or
 * PLAN_EIO / PLAN_ENOMEM. */
static int take_image(plan_store *s, char **out, size_t *outsize)
{
	*out = NULL;
	if (H5Fflush(s->file, H5F_SCOPE_GLOBAL) < 0)
		return plan_store__hdf5_error(s, PLAN_EIO, "flushing");
	ssize_t size = H5Fget_file_image(s->file, NULL, 0);
	if (size <= 0)
		return plan_store__hdf5_error(s, PLAN_EIO, "the file's image");
	char *buf = malloc((size_t)size);
	if (!buf)
		return plan_store__error(s, PLAN_ENOMEM, "%s: out of memory", s->name);
	int rc = 0;
	if (H5Fget_file_image(s->file, buf, (size_t)size) != size)
		rc = plan_store__hdf5_error(s, PLAN_EIO, "the file's image");
	else if (plan_h5__image_fix_superblock((unsigned char *)buf, (size_t)size) != 0)
		rc = plan_store__error(s, PLAN_EIO, "%s: the file's image has no superblock", s->name);
	if (rc) {
		free(buf);
		return rc;
	}
	*out = buf;
	*outsize = (size_t)size;
	return 0;
}

/* Writes the open file's image to a new file beside s->path and puts it in
 * its place. 0 or PLAN_EIO / PLAN_ENOMEM; the real file is as it was on
 * any failure. */
static int commit_image(plan_store *s)
{
	char *buf;
	size_t size;
	int rc = take_image(s, &buf, &size);
	if (rc)
		return rc;
	struct stat st;
	int existed = stat(s->path, &st) == 0;
	unsigned perm = existed ? (unsigned)(st.st_mode & 07777) : 0666;
	char tmp[sizeof(s->path) + 32];
	int fd = plan_outdir__tmpfile(tmp, sizeof(tmp), s->path, perm);
	if (fd < 0)
		rc = plan_store__error(s, PLAN_EIO, "%s: cannot create: %s", s->name, strerror(errno));
	for (size_t done = 0; !rc && done < size;) {
		ssize_t w = write(fd, buf + done, size - done);
		if (w == 0)
			errno = ENOSPC; /* no progress: as a full disk says */
		if (w == 0 || (w < 0 && errno != EINTR))
			rc = plan_store__error(s, PLAN_EIO, "%s: %s", s->name, strerror(errno));
		done += w > 0 ? (size_t)w : 0;
	}
	/* the same permissions as the file it replaces, whatever the umask */
	if (!rc && ((existed && fchmod(fd, (mode_t)perm) != 0) || fsync(fd) != 0))
		rc = plan_store__error(s, PLAN_EIO, "%s: %s", s->name, strerror(errno));
	if (fd >= 0 && close(fd) != 0 && !rc)
		rc = plan_store__error(s, PLAN_EIO, "%s: %s", s->name, strerror(errno));
	if (!rc && rename(tmp, s->path) != 0)
		rc = plan_store__error(s, PLAN_EIO, "%s: %s", s->path, strerror(errno));
	if (rc && fd >= 0)
		unlink(tmp);
	else if (!rc && plan_outdir__sync_path(s->path) != 0)
		rc = plan_store__error(s, PLAN_EIO, "%s: sync: %s", s->path, strerror(errno));
	free(buf);
	return rc;
}

/* The directory a writing store's file goes to must take a new file (found
 * at open, not only at close). */
static int check_dir_writable(plan_store *s)
{
	char dir[sizeof(s->path)];
	const char *slash = strrchr(s->path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == s->path ? 1 : (int)(slash - s->path),
			 s->path);
	if (access(dir, W_OK | X_OK) != 0)
		return plan_store__error(s, PLAN_EIO, "%s: cannot create: %s", s->name, strerror(errno));
	return 0;
}

PLAN_EXPORT int plan_store_open(plan_store **out, const char *path, plan_store_mode mode)
{
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!path || (mode != PLAN_STORE_READ && mode != PLAN_STORE_CREATE &&
		      mode != PLAN_STORE_UPDATE))
		return PLAN_EINVAL;
	plan_store *s = store_new(path, mode);
	if (!s)
		return PLAN_ENOMEM;
	*out = s;
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	int rc = 0;
	hid_t fapl = new_fapl();
	struct stat st;
	if (fapl < 0) {
		rc = plan_store__hdf5_error(s, PLAN_EIO, "opening");
	} else if (mode == PLAN_STORE_CREATE) {
		/* the 1.10 file format: compact groups, object headers and chunk
		 * indices (a small file is a tenth of the 1.8 format's), read by
		 * every HDF5 since 1.10 */
		if (H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110) < 0 ||
		    memory_fapl(fapl) < 0)
			rc = plan_store__hdf5_error(s, PLAN_EIO, "file access properties");
		else if (access(path, F_OK) != 0 && errno != ENOENT)
			rc = plan_store__error(s, PLAN_EIO, "%s: cannot create: %s", s->name, strerror(errno));
		else if (plan_outdir__make_parents(path) != 0)
			rc = plan_store__error(s, PLAN_EIO, "%s: cannot create its folder: %s", s->name,
					       strerror(errno));
		else
			rc = check_dir_writable(s);
		s->file = rc ? -1 : H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
		if (!rc && s->file < 0)
			rc = plan_store__hdf5_error(s, PLAN_EIO, "cannot create");
		else if (!rc)
			rc = write_root(s);
	} else if (stat(path, &st) != 0) {
		rc = plan_store__error(s, PLAN_EIO, "%s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		rc = plan_store__error(s, PLAN_EIO, "%s: not a file", path);
	} else if (H5Fis_hdf5(path) <= 0) {
		rc = plan_store__error(s, PLAN_EIO, "%s: not an HDF5 file", path);
	} else if (mode == PLAN_STORE_UPDATE && (memory_fapl(fapl) < 0 ||
						 (rc = check_dir_writable(s)) != 0)) {
		if (!rc)
			rc = plan_store__hdf5_error(s, PLAN_EIO, "file access properties");
	} else {
		s->file = H5Fopen(path, mode == PLAN_STORE_READ ? H5F_ACC_RDONLY : H5F_ACC_RDWR, fapl);
		if (s->file < 0)
			rc = plan_store__hdf5_error(s, PLAN_EIO, "cannot open");
		else
			rc = check_format(s);
	}
	if (fapl >= 0)
		H5Pclose(fapl);
	plan_h5__quiet_end(&q);
	return rc;
}

PLAN_EXPORT int plan_store_open_image(plan_store **out, const void *image, size_t size,
				      const char *name)
{
	if (!out)
		return PLAN_EINVAL;
	*out = NULL;
	if (!image || !size || !name)
		return PLAN_EINVAL;
	plan_store *s = store_new(name, PLAN_STORE_READ);
	if (!s)
		return PLAN_ENOMEM;
	*out = s;
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	int rc = 0;
	hid_t fapl = new_fapl();
	/* the core (memory) driver, on a copy of the image, never written back */
	if (fapl < 0 || H5Pset_fapl_core(fapl, 1 << 16, 0) < 0 ||
	    H5Pset_file_image(fapl, (void *)(uintptr_t)image, size) < 0) {
		rc = plan_store__hdf5_error(s, PLAN_EIO, "opening an image");
	} else {
		s->file = H5Fopen(name, H5F_ACC_RDONLY, fapl);
		rc = s->file < 0 ? plan_store__hdf5_error(s, PLAN_EIO, "cannot open") : check_format(s);
	}
	if (fapl >= 0)
		H5Pclose(fapl);
	plan_h5__quiet_end(&q);
	return rc;
}

PLAN_EXPORT int plan_store_close(plan_store *s)
{
	if (!s || s->file < 0)
		return 0; /* closed already, or never opened */
	int rc = 0;
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	/* a writing store's file takes the old one's place only when every
	 * write succeeded and it is on disk; else the old stays as it was (the
	 * message of the write that failed stays too) */
	if (s->mode != PLAN_STORE_READ)
		rc = s->failed ? PLAN_EIO : commit_image(s);
	if (H5Fclose(s->file) < 0 && !rc)
		rc = plan_store__hdf5_error(s, PLAN_EIO, "closing");
	s->file = -1;
	plan_h5__quiet_end(&q);
	return rc;
}

int plan_store__writable(plan_store *s)
{
	if (s->mode == PLAN_STORE_READ || s->file < 0)
		return plan_store__error(s, PLAN_EINVAL, "%s: not open for writing", s->name);
	if (s->failed)
		return plan_store__refuse_after_failure(s);
	return 0;
}

PLAN_EXPORT int plan_store_commit(plan_store *s)
{
	if (!s)
		return PLAN_EINVAL;
	int rc = plan_store__writable(s);
	if (rc)
		return rc;
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	rc = commit_image(s);
	plan_h5__quiet_end(&q);
	return rc;
}

PLAN_EXPORT int plan_store_image(plan_store *s, void **image, size_t *size)
{
	if (!s || !image || !size)
		return PLAN_EINVAL;
	*image = NULL;
	*size = 0;
	int rc = plan_store__writable(s);
	if (rc)
		return rc;
	plan_h5_quiet q;
	plan_h5__quiet_begin(&q);
	char *buf;
	rc = take_image(s, &buf, size);
	plan_h5__quiet_end(&q);
	if (!rc)
		*image = buf;
	return rc;
}

PLAN_EXPORT void plan_store_free(plan_store *s)
{
	if (!s)
		return;
	if (s->file >= 0) {
		/* not closed: what was written is dropped, the file stays as it was */
		plan_h5_quiet q;
		plan_h5__quiet_begin(&q);
		H5Fclose(s->file);
		plan_h5__quiet_end(&q);
	}
	plan_store__free_plan_names(s);
	plan_store__free_sweep(s);
	free(s);
}

char *plan_store__errbuf(plan_store *s, size_t *len)
{
	s->errmsg[0] = '\0';
	*len = sizeof(s->errmsg);
	return s->errmsg;
}

PLAN_EXPORT const char *plan_store_errmsg(const plan_store *s)
{
	return s ? s->errmsg : "no store";
}

int plan_store__error(plan_store *s, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	return status;
}

/* The HDF5 error stack as the store's message. */
int plan_store__hdf5_error(plan_store *s, int status, const char *what)
{
	char buf[400];
	plan_h5__error(buf, sizeof(buf), what);
	return plan_store__error(s, status, "%s: %s", s->name, buf);
}

int plan_store__valid_plan_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 64 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

hid_t plan_store__group(hid_t loc, const char *name)
{
	htri_t there = H5Lexists(loc, name, H5P_DEFAULT);
	if (there < 0)
		return -1;
	return there ? H5Gopen2(loc, name, H5P_DEFAULT)
		     : H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
}

void plan_store__free_sweep(plan_store *s)
{
	free(s->sweep);
	free(s->sweep_text);
	s->sweep = NULL;
	s->sweep_text = NULL;
	s->nsweep = 0;
}

void plan_store__free_plan_names(plan_store *s)
{
	for (size_t i = 0; i < s->nplans; i++)
		free(s->plans[i]);
	free(s->plans);
	s->plans = NULL;
	s->nplans = 0;
}

/* A store whose write failed holds a half-written file that closing will
 * drop: nothing more is written to it. */
int plan_store__refuse_after_failure(plan_store *s)
{
	return plan_store__error(s, PLAN_ESTATE,
			   "%s: an earlier write failed; closing the store leaves the file as it was",
			   s->name);
}
