/* Output written all at once: a plan directory, a store exported to CSV
 * (planconvert), an HDF5 store updated and one created over an old file
 * (planconvert's other way) are written by a child process that is
 * killed (SIGKILL at a spread of moments through the write) or stopped by a
 * file size limit (RLIMIT_FSIZE at a spread of sizes). Every time, what is
 * on disk afterwards is the old output, byte for byte, or the complete new
 * one; never a mix, never a broken file. PLAN_TEST_KILLS sets how many
 * children each case forks (default 24). */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* --- snapshots of files and trees ----------------------------------------- */

typedef struct snap {
	char *buf;
	size_t n, cap;
} snap;

static void snap_put(snap *s, const void *p, size_t len)
{
	if (s->n + len + 1 > s->cap) {
		s->cap = (s->n + len + 1) * 2;
		s->buf = realloc(s->buf, s->cap);
		ck_assert_ptr_nonnull(s->buf);
	}
	memcpy(s->buf + s->n, p, len);
	s->n += len;
}

static int snap_file(snap *s, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char b[65536];
	size_t k;
	while ((k = fread(b, 1, sizeof(b), f)) > 0)
		snap_put(s, b, k);
	fclose(f);
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names and contents of every file under dir, in name order. */
static void snap_tree(snap *s, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		snap_put(s, "<absent>", 8);
		return;
	}
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		snap_put(s, names[i], strlen(names[i]) + 1);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			snap_tree(s, path);
		else
			ck_assert_int_eq(snap_file(s, path), 0);
		free(names[i]);
	}
}

static int snap_eq(const snap *a, const snap *b)
{
	return a->n == b->n && memcmp(a->buf, b->buf, a->n) == 0;
}

/* Entries of the directory holding path whose names start with path's base
 * name and ".tmp-": staging left behind. */
static int leftovers(const char *path)
{
	char dir[4096], pre[512];
	const char *slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	snprintf(pre, sizeof(pre), "%s.tmp-", slash + 1);
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strncmp(e->d_name, pre, strlen(pre)) == 0;
	if (d)
		closedir(d);
	return n;
}

static void remove_tree(const char *path)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'.tmp-*", path, path);
	ck_assert_int_eq(system(cmd), 0);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int kills(void)
{
	const char *e = getenv("PLAN_TEST_KILLS");
	int n = e ? atoi(e) : 24;
	return n > 1 ? n : 2;
}

/* --- the harness ---------------------------------------------------------- */

typedef int (*write_fn)(void *ctx);

typedef enum outcome { OUT_OLD, OUT_NEW } outcome;

/* Runs write(ctx) in a child, cut at point i of n: even i by a file size
 * limit (bytes: 2i/n of max_bytes), odd i by SIGKILL after 3i/n of secs
 * (the later cuts come after the write: it must then be whole).
 * Returns the child's wait status. */
static int cut_child(write_fn write, void *ctx, int i, int n, size_t max_bytes, double secs)
{
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (i % 2 == 0) {
			struct rlimit rl;
			rl.rlim_cur = rl.rlim_max = (rlim_t)(2 * max_bytes * (size_t)i / (size_t)n);
			signal(SIGXFSZ, SIG_IGN); /* a write past the limit fails with EFBIG */
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		/* exit(), not _exit(): the HDF5 library's own exit handlers run too */
		exit(write(ctx) == 0 ? 0 : 1);
	}
	if (i % 2 == 1) {
		double wait = 3 * secs * i / n;
		struct timespec ts = { (time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9) };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
	}
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* The child ended as it should: it exited 0 or 1, or was killed by us. */
static void assert_clean_end(int status, int i)
{
	if (WIFSIGNALED(status))
		ck_assert_msg(i % 2 == 1 && WTERMSIG(status) == SIGKILL,
			      "cut %d: child died of signal %d", i, WTERMSIG(status));
	else
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) <= 1,
			      "cut %d: child exited %d", i, WEXITSTATUS(status));
}

typedef struct plans {
	plan_model *m;
	plan_result *a;   /* the old plan (feasible) */
	plan_result *b;   /* the new one (unconstrained) */
} plans;

static void make_plans(plans *p)
{
	ck_assert_int_eq(plan_model_load(&p->m, SRC_PATH("data/demo"), NULL), 0);
	plan_run_options o = PLAN_RUN_OPTIONS_INIT;
	o.mode = PLAN_MODE_CONSTRAINED;
	ck_assert_int_ge(plan_run(&p->a, p->m, &o), 0);
	o.mode = PLAN_MODE_UNCONSTRAINED;
	ck_assert_int_ge(plan_run(&p->b, p->m, &o), 0);
}

static void free_plans(plans *p)
{
	plan_result_free(p->a);
	plan_result_free(p->b);
	plan_model_free(p->m);
}

/* --- directories ---------------------------------------------------------- */

/* A directory writer: write(ctx, dir, 0) writes the old contents,
 * write(ctx, dir, 1) the new. */
typedef struct dir_case {
	int (*write)(void *ctx, const char *dir, int which);
	void *ctx;
} dir_case;

typedef struct dir_job {
	const dir_case *c;
	const char *dir;
} dir_job;

static int write_new(void *ctx)
{
	dir_job *j = ctx;
	return j->c->write(j->c->ctx, j->dir, 1);
}

/* The directory holds the old contents or the new, whole, whatever cuts
 * the writer of the new. */
static void dir_cut_anywhere(const dir_case *c, const char *tag)
{
	char dir[256], other[256];
	snprintf(dir, sizeof(dir), "/tmp/plan-atomic-%ld-%s", (long)getpid(), tag);
	snprintf(other, sizeof(other), "/tmp/plan-atomic-%ld-%s-new", (long)getpid(), tag);
	snap old = { 0 }, neu = { 0 };
	double t0 = now();
	ck_assert_int_eq(c->write(c->ctx, other, 1), 0);
	double secs = now() - t0;
	snap_tree(&neu, other);
	remove_tree(other);
	ck_assert_int_eq(c->write(c->ctx, dir, 0), 0);
	snap_tree(&old, dir);
	ck_assert(!snap_eq(&old, &neu));
	int n = kills(), seen[2] = { 0, 0 };
	dir_job j = { c, dir };
	for (int i = 0; i < n; i++) {
		/* file size limits up to twice all the bytes written */
		int status = cut_child(write_new, &j, i, n, neu.n, secs);
		assert_clean_end(status, i);
		snap now_ = { 0 };
		snap_tree(&now_, dir);
		int is_old = snap_eq(&now_, &old), is_new = snap_eq(&now_, &neu);
		ck_assert_msg(is_old || is_new, "cut %d: %s is neither the old nor the new one", i,
			      dir);
		if (WIFEXITED(status))
			ck_assert_msg(WEXITSTATUS(status) == 0 ? is_new : is_old,
				      "cut %d: exit %d but the %s one is there", i,
				      WEXITSTATUS(status), is_new ? "new" : "old");
		if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
			ck_assert_int_eq(leftovers(dir), 0);
		seen[is_new ? OUT_NEW : OUT_OLD]++;
		free(now_.buf);
		/* back to the old contents for the next cut */
		remove_tree(dir);
		ck_assert_int_eq(c->write(c->ctx, dir, 0), 0);
	}
	/* the cuts reached both ends: writes stopped early and writes done */
	ck_assert_int_gt(seen[OUT_OLD], 0);
	ck_assert_int_gt(seen[OUT_NEW], 0);
	remove_tree(dir);
	free(old.buf);
	free(neu.buf);
}

static int write_plan_dir(void *ctx, const char *dir, int which)
{
	const plans *p = ctx;
	return plan_result_write_csv(which ? p->b : p->a, dir, 0);
}

START_TEST(csv_directory_cut_anywhere)
{
	plans p = { 0 };
	make_plans(&p);
	dir_case c = { write_plan_dir, &p };
	dir_cut_anywhere(&c, "dir");
	free_plans(&p);
}
END_TEST

/* planconvert's HDF5 -> CSV: the scenario and every plan of a store */
static int export_store(void *ctx, const char *dir, int which)
{
	char *const *paths = ctx;
	plan_store *s = NULL;
	plan_model *m = NULL;
	int rc = plan_store_open(&s, paths[which], PLAN_STORE_READ);
	if (!rc)
		rc = plan_store_read_model(&m, s, NULL);
	if (!rc)
		rc = plan_store_export_csv(s, m, dir, 0);
	plan_model_free(m);
	plan_store_close(s);
	plan_store_free(s);
	return rc;
}

START_TEST(export_cut_anywhere)
{
	plans p = { 0 };
	make_plans(&p);
	char a[256], b[256];
	char *paths[2] = { a, b };
	for (int k = 0; k < 2; k++) {
		snprintf(paths[k], 256, "/tmp/plan-atomic-%ld-export%d.h5", (long)getpid(), k);
		plan_store *s = NULL;
		ck_assert_int_eq(plan_store_open(&s, paths[k], PLAN_STORE_CREATE), 0);
		ck_assert_int_eq(plan_store_write_model(s, p.m), 0);
		ck_assert_int_eq(plan_store_write_plan(s, "plan", p.a, 0), 0);
		if (k)
			ck_assert_int_eq(plan_store_write_plan(s, "other", p.b, 0), 0);
		ck_assert_int_eq(plan_store_close(s), 0);
		plan_store_free(s);
	}
	dir_case c = { export_store, paths };
	dir_cut_anywhere(&c, "export");
	unlink(a);
	unlink(b);
	free_plans(&p);
}
END_TEST

/* --- an HDF5 store -------------------------------------------------------- */

typedef struct store_job {
	const plan_model *m;
	const plan_result *r;
	const char *path;
	int create;       /* a new store over the old file: the scenario only */
} store_job;

static int write_store(void *ctx)
{
	store_job *j = ctx;
	plan_store *s = NULL;
	int rc = plan_store_open(&s, j->path, j->create ? PLAN_STORE_CREATE : PLAN_STORE_UPDATE);
	if (!rc)
		rc = j->create ? plan_store_write_model(s, j->m) : plan_store_write_plan(s, "plan", j->r, 0);
	int rc2 = plan_store_close(s);
	plan_store_free(s);
	return rc ? rc : rc2;
}

/* The store at path is a whole new one: it opens, holds the scenario, and
 * (not create) plan "plan" is the new plan, "other" still the old one. */
static int is_new_store(const store_job *j, const plans *p)
{
	plan_store *s = NULL;
	plan_model *m = NULL;
	plan_result *r = NULL, *o = NULL;
	int ok = plan_store_open(&s, j->path, PLAN_STORE_READ) == 0 &&
		 plan_store_read_model(&m, s, NULL) == 0 && plan_model_equal(m, p->m);
	if (ok && j->create) {
		ok = plan_store_count_plans(s) == 0;
	} else if (ok) {
		ok = plan_store_count_plans(s) == 2 && plan_store_read_plan(&r, s, "plan", m) == 0 &&
		     plan_store_read_plan(&o, s, "other", m) == 0 &&
		     plan_result_count(r, PLAN_RESULT_ORDERS) ==
			     plan_result_count(p->b, PLAN_RESULT_ORDERS) &&
		     plan_result_count(o, PLAN_RESULT_ORDERS) ==
			     plan_result_count(p->a, PLAN_RESULT_ORDERS);
		plan_summary sr = PLAN_SUMMARY_INIT, sb = PLAN_SUMMARY_INIT;
		if (ok) {
			plan_result_get_summary(&sr, r);
			plan_result_get_summary(&sb, p->b);
			ok = strcmp(sr.status, sb.status) == 0 && sr.demands_late == sb.demands_late;
		}
	}
	plan_result_free(r);
	plan_result_free(o);
	plan_model_free(m);
	plan_store_close(s);
	plan_store_free(s);
	return ok;
}

static void store_cut_anywhere(int create)
{
	plans p = { 0 };
	make_plans(&p);
	char path[256];
	snprintf(path, sizeof(path), "/tmp/plan-atomic-%ld-%d.h5", (long)getpid(), create);
	/* the old file: the scenario, the old plan as "plan" and "other" */
	plan_store *s = NULL;
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_model(s, p.m), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "plan", p.a, 0), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "other", p.a, 0), 0);
	ck_assert_int_eq(plan_store_close(s), 0);
	plan_store_free(s);
	snap old = { 0 };
	ck_assert_int_eq(snap_file(&old, path), 0);
	store_job j = { p.m, p.b, path, create };
	/* how long a write takes, on a copy */
	char copy[300];
	snprintf(copy, sizeof(copy), "%s.copy.h5", path);
	FILE *f = fopen(copy, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(old.buf, 1, old.n, f);
	fclose(f);
	store_job jc = j;
	jc.path = copy;
	double t0 = now();
	ck_assert_int_eq(write_store(&jc), 0);
	double secs = now() - t0;
	ck_assert(is_new_store(&jc, &p));
	struct stat st;
	ck_assert_int_eq(stat(copy, &st), 0);
	size_t size = (size_t)st.st_size > old.n ? (size_t)st.st_size : old.n;
	unlink(copy);
	int n = kills(), seen[2] = { 0, 0 };
	for (int i = 0; i < n; i++) {
		int status = cut_child(write_store, &j, i, n, size, secs);
		assert_clean_end(status, i);
		snap now_ = { 0 };
		int there = snap_file(&now_, path) == 0;
		int is_old = there && snap_eq(&now_, &old);
		int is_new = !is_old && there && is_new_store(&j, &p);
		ck_assert_msg(is_old || is_new, "cut %d: %s is neither the old nor the new store", i,
			      path);
		if (WIFEXITED(status))
			ck_assert_msg(WEXITSTATUS(status) == 0 ? is_new : is_old,
				      "cut %d: exit %d but the %s store is there", i,
				      WEXITSTATUS(status), is_new ? "new" : "old");
		if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
			ck_assert_int_eq(leftovers(path), 0);
		seen[is_new ? OUT_NEW : OUT_OLD]++;
		free(now_.buf);
		remove_tree(path); /* and the staging a kill may leave; then the old file again */
		f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		fwrite(old.buf, 1, old.n, f);
		fclose(f);
	}
	ck_assert_int_gt(seen[OUT_OLD], 0);
	ck_assert_int_gt(seen[OUT_NEW], 0);
	unlink(path);
	free(old.buf);
	free_plans(&p);
}

START_TEST(store_update_cut_anywhere)
{
	store_cut_anywhere(0);
}
END_TEST

START_TEST(store_create_cut_anywhere)
{
	store_cut_anywhere(1);
}
END_TEST

/* The plans, and a store at /tmp/plan-atomic-PID-NAME.h5 (path) holding
 * their scenario, its bytes in *old. */
static void old_store(plans *p, char *path, size_t len, const char *name, snap *old)
{
	make_plans(p);
	snprintf(path, len, "/tmp/plan-atomic-%ld-%s.h5", (long)getpid(), name);
	plan_store *s = NULL;
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_CREATE), 0);
	ck_assert_int_eq(plan_store_write_model(s, p->m), 0);
	ck_assert_int_eq(plan_store_close(s), 0);
	plan_store_free(s);
	ck_assert_int_eq(snap_file(old, path), 0);
}

/* The store at path holds the bytes of *old still, and nothing is beside
 * it; then all is removed and freed. */
static void store_unchanged(plans *p, const char *path, snap *old)
{
	snap after = { 0 };
	ck_assert_int_eq(snap_file(&after, path), 0);
	ck_assert(snap_eq(old, &after));
	ck_assert_int_eq(leftovers(path), 0);
	unlink(path);
	free(old->buf);
	free(after.buf);
	free_plans(p);
}

/* A store that cannot be written at close (the file size limit: the new
 * file is written then, HDF5 writes to memory until then) says so, leaves
 * the file as it was and nothing beside it, and the process ends cleanly
 * (HDF5's exit handlers once crashed on a file it had failed to close). */
START_TEST(store_close_fails_cleanly)
{
	plans p = { 0 };
	char path[256];
	snap old = { 0 };
	old_store(&p, path, sizeof(path), "fail", &old);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { old.n + 4096, old.n + 4096 };
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		plan_store *c = NULL;
		int a = plan_store_open(&c, path, PLAN_STORE_UPDATE);
		int b = plan_store_write_plan(c, "plan", p.a, 0);
		int d = plan_store_write_plan(c, "small", p.b, PLAN_STORE_NO_PEGGING);
		int f = plan_store_close(c);
		/* the handle keeps why until it is freed; closed, it does nothing */
		int why = strstr(plan_store_errmsg(c), "plan-atomic-") != NULL &&
			  strstr(plan_store_errmsg(c), "File too large") != NULL;
		if (!why)
			fprintf(stderr, "close said: %s\n", plan_store_errmsg(c));
		int again = plan_store_close(c);
		int closed = plan_store_write_plan(c, "late", p.a, 0);
		plan_store_free(c);
		exit(a == 0 && b == 0 && d == 0 && f == PLAN_EIO && why && again == 0 &&
		     closed < 0 ? 0 : 1);
	}
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	store_unchanged(&p, path, &old);
}
END_TEST

/* A store freed without plan_store_close() writes nothing: the old file
 * stays, byte for byte, and nothing is left beside it. */
START_TEST(store_free_without_close_drops)
{
	plans p = { 0 };
	char path[256];
	snap old = { 0 };
	old_store(&p, path, sizeof(path), "drop", &old);
	plan_store *s = NULL;
	ck_assert_int_eq(plan_store_open(&s, path, PLAN_STORE_UPDATE), 0);
	ck_assert_int_eq(plan_store_write_plan(s, "plan", p.a, 0), 0);
	plan_store_free(s);
	store_unchanged(&p, path, &old);
}
END_TEST

/* A directory that holds a file libplan did not write is not replaced. */
START_TEST(foreign_directory_kept)
{
	plans p = { 0 };
	make_plans(&p);
	char dir[256], file[300];
	snprintf(dir, sizeof(dir), "/tmp/plan-atomic-%ld-mine", (long)getpid());
	snprintf(file, sizeof(file), "%s/scenario.csv", dir);
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	FILE *f = fopen(file, "w");
	fputs("key,value\n", f);
	fclose(f);
	ck_assert_int_eq(plan_result_write_csv(p.a, dir, 0), PLAN_EIO);
	ck_assert_msg(strstr(plan_result_errmsg(p.a), "holds scenario.csv, which libplan did not write") != NULL,
		      "%s", plan_result_errmsg(p.a));
	ck_assert_int_eq(access(file, F_OK), 0);
	ck_assert_int_eq(leftovers(dir), 0);
	remove_tree(dir);
	free_plans(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("atomic");
	TCase *tc = tcase_create("atomic");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, csv_directory_cut_anywhere);
	tcase_add_test(tc, export_cut_anywhere);
	tcase_add_test(tc, store_update_cut_anywhere);
	tcase_add_test(tc, store_create_cut_anywhere);
	tcase_add_test(tc, store_close_fails_cleanly);
	tcase_add_test(tc, store_free_without_close_drops);
	tcase_add_test(tc, foreign_directory_kept);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
