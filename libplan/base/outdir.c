#include "base/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "plan/common.h"

static int fail(char *errbuf, size_t errlen, const char *path, const char *what)
{
	if (errbuf)
		snprintf(errbuf, errlen, "%s: %s%s%s", path, what ? what : "", what ? ": " : "",
			 strerror(errno ? errno : EIO));
	return PLAN_EIO;
}

static int sync_fd_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	/* some file systems cannot sync a directory; that is not an error */
	if (rc != 0 && (errno == EINVAL || errno == EROFS) && (flags & O_DIRECTORY))
		rc = 0;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The directory part of path ("." if none) into buf. */
static void parent_of(char *buf, size_t len, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

int plan_outdir__make_parents(const char *path)
{
	char dir[4096];
	parent_of(dir, sizeof(dir), path);
	struct stat st;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
	if (errno != ENOENT)
		return -1;
	/* each missing folder from the top down, as mkdir -p */
	size_t n = strlen(dir);
	for (size_t i = 1; i <= n; i++) {
		if (dir[i] != '/' && dir[i] != '\0')
			continue;
		char keep = dir[i];
		dir[i] = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			return -1;
		dir[i] = keep;
	}
	return 0;
}

int plan_outdir__sync_path(const char *path)
{
	char parent[4096];
	if (sync_fd_path(path, O_RDONLY) != 0)
		return -1;
	parent_of(parent, sizeof(parent), path);
	return sync_fd_path(parent, O_RDONLY | O_DIRECTORY);
}

/* Calls fn(ctx, path, name) for each entry of dir but . and .., until fn
 * returns non-zero (returned). -1 (errno set) if dir cannot be read. */
static int each_entry(const char *dir, int (*fn)(void *ctx, const char *path, const char *name),
		      void *ctx)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int rc = 0;
	struct dirent *e;
	char path[4096];
	while (!rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		rc = fn(ctx, path, e->d_name);
	}
	int keep = errno;
	closedir(d);
	errno = keep;
	return rc;
}

static int is_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int sync_tree(const char *dir);

static int sync_entry(void *ctx, const char *path, const char *name)
{
	(void)ctx;
	(void)name;
	return is_dir(path) ? sync_tree(path) : sync_fd_path(path, O_RDONLY);
}

/* fsync of every file under dir, then of dir itself. */
static int sync_tree(const char *dir)
{
	int rc = each_entry(dir, sync_entry, NULL);
	return rc ? rc : sync_fd_path(dir, O_RDONLY | O_DIRECTORY);
}

static int remove_entry(void *ctx, const char *path, const char *name)
{
	(void)name;
	if (plan_outdir__remove_tree(path) != 0)
		*(int *)ctx = -1;
	return 0; /* remove what can be removed */
}

int plan_outdir__remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	int failed = 0;
	if (each_entry(path, remove_entry, &failed) != 0 || failed)
		return -1;
	return rmdir(path);
}

typedef struct foreign {
	plan_outdir_ours ours;
	const char *dir;
	char *errbuf;
	size_t errlen;
} foreign;

static int check_entry(void *ctx, const char *path, const char *name)
{
	foreign *f = ctx;
	if (f->ours && f->ours(name, is_dir(path)))
		return 0;
	if (f->errbuf)
		snprintf(f->errbuf, f->errlen,
			 "%s holds %s, which libplan did not write: not replaced "
			 "(write to a new or empty directory)", f->dir, name);
	return PLAN_EIO;
}

/* 0 if dir may be replaced: every entry is one ours() accepts. */
static int replaceable(const char *dir, plan_outdir_ours ours, char *errbuf, size_t errlen)
{
	foreign f = { ours, dir, errbuf, errlen };
	int rc = each_entry(dir, check_entry, &f);
	return rc == -1 ? fail(errbuf, errlen, dir, NULL) : rc;
}

int plan_outdir__begin(plan_outdir *o, const char *dir, plan_outdir_ours ours, char *errbuf,
		       size_t errlen)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n + 16 > sizeof(o->dir)) {
		errno = ENAMETOOLONG;
		return fail(errbuf, errlen, dir, NULL);
	}
	memcpy(o->dir, dir, n);
	o->dir[n] = '\0';
	o->tmp[0] = '\0';
	struct stat st;
	if (stat(o->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			return fail(errbuf, errlen, o->dir, NULL);
		}
		int rc = replaceable(o->dir, ours, errbuf, errlen);
		if (rc)
			return rc;
	} else if (errno != ENOENT || plan_outdir__make_parents(o->dir) != 0) {
		return fail(errbuf, errlen, o->dir, NULL);
	}
	memcpy(o->tmp, o->dir, n);
	memcpy(o->tmp + n, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
	if (!mkdtemp(o->tmp)) {
		int rc = fail(errbuf, errlen, o->dir, "cannot create");
		o->tmp[0] = '\0';
		return rc;
	}
	return 0;
}

/* Puts tmp in dir's place; what dir held is then at tmp (or gone, when dir
 * did not exist). */
static int swap_in(const char *tmp, const char *dir)
{
	if (rename(tmp, dir) == 0)
		return 0;   /* dir did not exist, or was an empty directory */
	if (errno != ENOTEMPTY && errno != EEXIST)
		return -1;
#if defined(__linux__) && defined(SYS_renameat2)
	if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, dir, 2 /* RENAME_EXCHANGE */) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	/* no exchange here: two renames, the old directory kept until the new
	 * one is in place */
	char old[4096 + 16];
	snprintf(old, sizeof(old), "%s.old", tmp);
	if (rename(dir, old) != 0)
		return -1;
	if (rename(tmp, dir) != 0) {
		int e = errno;
		rename(old, dir);
		errno = e;
		return -1;
	}
	return rename(old, tmp);
}

int plan_outdir__commit(plan_outdir *o, char *errbuf, size_t errlen)
{
	char parent[4096];
	errno = 0;
	if (sync_tree(o->tmp) != 0) {
		int rc = fail(errbuf, errlen, o->tmp, "sync");
		plan_outdir__abort(o);
		return rc;
	}
	if (swap_in(o->tmp, o->dir) != 0) {
		int rc = fail(errbuf, errlen, o->dir, "cannot replace it");
		plan_outdir__abort(o);
		return rc;
	}
	parent_of(parent, sizeof(parent), o->dir);
	int synced = sync_fd_path(parent, O_RDONLY | O_DIRECTORY);
	/* the old contents, now at tmp; the plan is in place whatever this does */
	plan_outdir__remove_tree(o->tmp);
	o->tmp[0] = '\0';
	return synced == 0 ? 0 : fail(errbuf, errlen, parent, "sync");
}

int plan_outdir__write(const char *dir, plan_outdir_ours ours, plan_outdir_fill fill, void *ctx,
		       char *errbuf, size_t errlen)
{
	plan_outdir od;
	int rc = plan_outdir__begin(&od, dir, ours, errbuf, errlen);
	if (rc)
		return rc;
	rc = fill(ctx, od.tmp, errbuf, errlen);
	if (rc)
		plan_outdir__abort(&od);
	else
		rc = plan_outdir__commit(&od, errbuf, errlen);
	return rc;
}

void plan_outdir__abort(plan_outdir *o)
{
	if (o->tmp[0])
		plan_outdir__remove_tree(o->tmp);
	o->tmp[0] = '\0';
}

int plan_outdir__tmpfile(char *tmp, size_t len, const char *path, unsigned mode)
{
	/* a name from the clock and this call's frame: no state shared between
	 * threads, and O_EXCL makes sure it is new */
	struct timespec ts;
	if (plan_outdir__make_parents(path) != 0)
		return -1;
	for (int attempt = 0; attempt < 100; attempt++) {
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t x = ((uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15u) ^ (uint64_t)(uintptr_t)&ts ^
			     ((uint64_t)getpid() << 20) ^ (uint64_t)attempt * 0xbf58476d1ce4e5b9u;
		if ((size_t)snprintf(tmp, len, "%s.tmp-%06llx", path,
				     (unsigned long long)(x >> 40)) >= len) {
			errno = ENAMETOOLONG;
			return -1;
		}
		int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}
