/* Writing a directory all at once. The files go to a new sibling directory
 * (DIR.tmp-XXXXXX); when every one is complete it is synced to disk and
 * takes DIR's place in one rename (an exchange where DIR exists, so there is
 * never a moment without it), then the old contents are removed. Whatever
 * fails or kills the process before that rename, DIR is as it was; after
 * it, DIR is the new plan (a stray DIR.tmp-XXXXXX may be left by a kill). */
#ifndef PLAN_OUTDIR_H
#define PLAN_OUTDIR_H

#include <stddef.h>

typedef struct plan_outdir {
	char dir[4096];   /* the final path */
	char tmp[4096];   /* where the files are written meanwhile */
} plan_outdir;

/* Which entries of an existing DIR the new one may replace: 1 for an entry
 * the writer itself writes (is_dir: the entry is a directory). Another
 * entry keeps DIR from being replaced, so that no file of the user's is
 * ever removed. */
typedef int (*plan_outdir_ours)(const char *name, int is_dir);

/* Checks that DIR is absent, empty or holds only entries ours() accepts,
 * and makes the staging directory o->tmp. 0 or PLAN_EIO (why in errbuf). */
int plan_outdir__begin(plan_outdir *o, const char *dir, plan_outdir_ours ours, char *errbuf,
		       size_t errlen);

/* Syncs the staging directory and its files, puts it in DIR's place,
 * removes what DIR held. On failure (PLAN_EIO, why in errbuf) DIR is as it
 * was and the staging directory is removed. */
int plan_outdir__commit(plan_outdir *o, char *errbuf, size_t errlen);

/* Removes the staging directory and what it holds; DIR is untouched. */
void plan_outdir__abort(plan_outdir *o);

/* The whole of it: begin, fill(ctx, staging directory, errbuf, errlen)
 * writes the files, then commit (or abort on fill's error, returned). */
typedef int (*plan_outdir_fill)(void *ctx, const char *dir, char *errbuf, size_t errlen);
int plan_outdir__write(const char *dir, plan_outdir_ours ours, plan_outdir_fill fill, void *ctx,
		       char *errbuf, size_t errlen);

/* Removes path, a file or a directory with everything under it. 0 or -1
 * (errno set). */
int plan_outdir__remove_tree(const char *path);

/* Creates the missing folders above path (as mkdir -p, mode 0777 less the
 * umask). 0 or -1 (errno set). */
int plan_outdir__make_parents(const char *path);

/* Flushes a written file to disk (fsync), then its directory's entry:
 * for a file replaced by rename. 0 or -1 (errno set). */
int plan_outdir__sync_path(const char *path);

/* Creates a new file beside path, named path.tmp-XXXXXX (written into
 * tmp, len bytes), with permissions mode (less the umask). Returns its
 * descriptor or -1 (errno set). */
int plan_outdir__tmpfile(char *tmp, size_t len, const char *path, unsigned mode);

#endif
