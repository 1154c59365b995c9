/* plansweep: what-if sweeps across MPI ranks, every result in one HDF5 file.
 *
 *   mpirun -n N plansweep --out RESULTS.h5 [--grid FILE] [--list FILE]
 *            [--keep-plans] [--unconstrained] [--threads T] [--timeout SECS]
 *            [--commit SECS] [--retry-errors] [SCENARIO ...]
 *   plansweep --show RESULTS.h5
 *
 * The variants are every SCENARIO (a folder of CSV files or a .h5 store;
 * --list FILE adds one per line) times every row of the grid (grid.h: CSV
 * rows or INI-like axes of whatif's edits; without --grid each scenario as
 * it is). A variant is named by its grid row (v0001, ... or the grid's
 * name), prefixed with its scenario's name when there are several.
 *
 * Rank 0 hands variants out one at a time to whichever rank asks (a slow
 * variant holds up no other) and plans variants itself in a thread beside
 * it. Each is loaded, edited, planned (the feasible plan; --unconstrained:
 * classic MRP), verified by the library's verifier, and becomes a row of
 * /sweep/summary in RESULTS.h5 (docs/hdf5.md): its parameters, verdict,
 * on-time share, late demands, lateness, quantity short, capacity use,
 * costs, wall time, violations, or its error. With --keep-plans its plan is
 * stored too, as /plans/NAME (the store's layout; sent to rank 0 as a store
 * image, so no shared file system is needed). A sweep of one scenario also
 * stores it as /scenario, so plancheck and planconvert read the file like
 * any store.
 *
 * Rank 0 alone writes the file, with the serial HDF5 library the store
 * uses: the rows are small, one writer can replace the file atomically, and
 * parallel HDF5 cannot. The file is committed (written beside, synced,
 * renamed over) at most every --commit SECS (10; at most a tenth of the
 * time in commits) and at the end, so a kill
 * leaves the last commit, never a broken file. Started again with the same
 * arguments, a sweep skips the variants the file holds (--retry-errors:
 * plans again those that failed).
 *
 * A variant that fails (bad edit or scenario, canceled after --timeout
 * SECS, a plan it cannot store) is a row with its error, and the sweep goes
 * on. A rank that dies ends the sweep: mpirun names the rank, rank 0 the
 * variants under way, and the file keeps its last commit.
 *
 * Every rank runs the same build on the same kind of machine: a result
 * travels as its row struct's bytes.
 *
 * --show prints a sweep's rows as whatif prints its variants.
 *
 * Exit status: 0 every variant planned and verified; 1 some failed (their
 * rows say why); 2 bad usage, input or I/O of RESULTS.h5; 3 a plan broke a
 * rule (a bug); 130 interrupted. */
#include "edits.h"
#include "grid.h"

#include <mpi.h>
#include <plan.h>

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { TAG_READY = 1, TAG_WORK, TAG_STOP, TAG_RESULT, TAG_IMAGE };
#define IMAGE_CHUNK ((size_t)1 << 30)

typedef struct variant {
	char name[GRID_NAME_MAX + 1];
	const char *scenario;
	const grid_row *row;  /* NULL: the scenario as it is */
	char *edits, *block, *close_lane, *hours; /* owned text of the row's parameters */
} variant;

typedef struct options {
	const char *out;
	const char *grid;
	int keep_plans, constrained, threads, retry_errors;
	double timeout, commit_every;
} options;

/* A result on the wire: the same binary on every rank (the row's numbers
 * as they are; its text pointers are set again where it arrives). */
typedef struct wire {
	int64_t index;
	uint64_t image_size;
	plan_sweep_row row;
	char error[700];
	char status[16];
} wire;

/* --- signals: rank 0 says which variants were under way ------------------- */

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t *under_way; /* per rank: a variant's index, or -1 */
static int nranks;
static const variant *all_variants;

static void put(const char *s)
{
	size_t n = strlen(s);
	while (n) {
		ssize_t w = write(2, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void put_int(long v)
{
	char buf[24], *p = buf + sizeof(buf) - 1;
	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	put(p);
}

static void on_signal(int sig)
{
	stop_signal = sig;
	put("plansweep: the sweep was stopped (signal ");
	put_int(sig);
	put(") with variants under way:");
	int any = 0;
	for (int r = 0; r < nranks; r++) {
		int v = under_way[r];
		if (v >= 0) {
			put(any ? ", " : " ");
			put(all_variants[v].name);
			put(" on rank ");
			put_int(r);
			any = 1;
		}
	}
	put(any ? "\n" : " nothing\n");
}

/* --- variants --------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The name of a scenario path in a variant's name: its last part, without
 * .h5, other characters as '_'. */
static void scenario_stem(char *out, size_t n, const char *path)
{
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t start = len;
	while (start && path[start - 1] != '/')
		start--;
	size_t end = len;
	if (end - start > 3 && !strncmp(path + end - 3, ".h5", 3))
		end -= 3;
	size_t k = 0;
	for (size_t i = start; i < end && k + 1 < n; i++) {
		char c = path[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '_' || c == '-' || c == '.';
		out[k++] = ok ? c : '_';
	}
	out[k] = '\0';
}

/* Text of the row's edits of one flag, ' '-joined ("" none), malloc()ed;
 * flag NULL: every edit, as whatif's arguments. */
static char *edits_text(const grid_row *row, const char *flag)
{
	size_t len = 1;
	for (int k = 0; row && k < row->nedits; k++)
		len += strlen(row->edits[k].flag) + strlen(row->edits[k].arg) + 10;
	char *s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int k = 0; row && k < row->nedits; k++) {
		const edit *e = &row->edits[k];
		if (flag && strcmp(e->flag, flag))
			continue;
		if (s[0])
			strcat(s, flag ? " " : " --and ");
		if (!flag) {
			strcat(s, e->flag);
			strcat(s, " ");
		}
		strcat(s, e->arg);
	}
	return s;
}

static void free_variants(variant *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].edits);
		free(v[i].block);
		free(v[i].close_lane);
		free(v[i].hours);
	}
	free(v);
}

/* Every scenario times every grid row. NULL on error (said on stderr). */
static variant *make_variants(char **scen, size_t nscen, const grid *g, size_t *nv)
{
	size_t nrows = g->nrows ? g->nrows : 1;
	*nv = nscen * nrows;
	variant *v = calloc(*nv, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t s = 0; s < nscen; s++)
		for (size_t r = 0; r < nrows; r++) {
			variant *x = &v[s * nrows + r];
			x->scenario = scen[s];
			x->row = g->nrows ? &g->rows[r] : NULL;
			char stem[GRID_NAME_MAX + 1];
			scenario_stem(stem, sizeof(stem), scen[s]);
			if (nscen == 1 && x->row)
				snprintf(x->name, sizeof(x->name), "%s", x->row->name);
			else if (!x->row)
				snprintf(x->name, sizeof(x->name), "%s", stem[0] ? stem : "scenario");
			else { /* cut to a name's length; a clash is found below */
				char full[2 * GRID_NAME_MAX + 2];
				snprintf(full, sizeof(full), "%s-%s", stem, x->row->name);
				memcpy(x->name, full, GRID_NAME_MAX);
				x->name[GRID_NAME_MAX] = '\0';
			}
			x->edits = edits_text(x->row, NULL);
			x->block = edits_text(x->row, "--block");
			x->close_lane = edits_text(x->row, "--close-lane");
			x->hours = edits_text(x->row, "--hours");
			if (!x->edits || !x->block || !x->close_lane || !x->hours) {
				free_variants(v, *nv);
				return NULL;
			}
		}
	for (size_t i = 0; i < *nv; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(v[i].name, v[j].name)) {
				fprintf(stderr, "plansweep: two variants named \"%s\" (%s and %s)\n",
					v[i].name, v[j].scenario, v[i].scenario);
				free_variants(v, *nv);
				return NULL;
			}
	return v;
}

/* Plans variant i of v into out. */
static void plan_variant(variant_out *out, const variant *v, const options *o)
{
	variant_opts vo = { o->constrained, o->threads, o->timeout, o->keep_plans, NULL };
	vo.scratch = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	variant_run(out, v->scenario, v->row ? v->row->edits : NULL, v->row ? v->row->nedits : 0,
		    &vo);
}

/* --- the rows of the results file ----------------------------------------- */

typedef struct rows {
	plan_sweep_row *r;
	size_t n, cap;
} rows;

static char *text_dup(const char *s)
{
	return strdup(s ? s : "");
}

static void row_free(plan_sweep_row *r)
{
	free((char *)r->variant);
	free((char *)r->scenario);
	free((char *)r->edits);
	free((char *)r->block);
	free((char *)r->close_lane);
	free((char *)r->hours);
	free((char *)r->mode);
	free((char *)r->error);
	free((char *)r->status);
}

/* Appends a copy of x (every text copied). 0 or -1. */
static int rows_add(rows *rs, const plan_sweep_row *x)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? 2 * rs->cap : 64;
		plan_sweep_row *g = realloc(rs->r, cap * sizeof(*g));
		if (!g)
			return -1;
		rs->r = g;
		rs->cap = cap;
	}
	plan_sweep_row *r = &rs->r[rs->n];
	*r = *x;
	r->variant = text_dup(x->variant);
	r->scenario = text_dup(x->scenario);
	r->edits = text_dup(x->edits);
	r->block = text_dup(x->block);
	r->close_lane = text_dup(x->close_lane);
	r->hours = text_dup(x->hours);
	r->mode = text_dup(x->mode);
	r->error = text_dup(x->error);
	r->status = text_dup(x->status);
	if (!r->variant || !r->scenario || !r->edits || !r->block || !r->close_lane || !r->hours ||
	    !r->mode || !r->error || !r->status) {
		row_free(r);
		return -1;
	}
	rs->n++;
	return 0;
}

static void rows_free(rows *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		row_free(&rs->r[i]);
	free(rs->r);
}

/* --- rank 0: the results file, the local worker, the dispatcher ----------- */

typedef struct done_item {
	struct done_item *next;
	size_t index;
	variant_out out;
} done_item;

typedef struct sweep {
	const options *o;
	variant *v;
	size_t nv;
	size_t *pending, npending, next; /* variants to plan, the next to hand out */
	plan_store *store;
	rows rows;
	double last_commit, commit_cost, t0; /* when, and how long the last took */
	size_t planned, failed, broken, skipped;
	/* shared with the local worker */
	pthread_mutex_t lock;
	done_item *done;       /* what it planned, not yet recorded */
	int local_finished;
} sweep;

/* The next variant to plan, or -1 (under the lock). */
static long take(sweep *s)
{
	return s->next < s->npending && !stop_signal ? (long)s->pending[s->next++] : -1;
}

static void *local_worker(void *arg)
{
	sweep *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		long i = take(s);
		under_way[0] = (sig_atomic_t)i;
		pthread_mutex_unlock(&s->lock);
		if (i < 0)
			break;
		done_item *d = calloc(1, sizeof(*d));
		if (!d) {
			fprintf(stderr, "plansweep: out of memory\n");
			abort();
		}
		d->index = (size_t)i;
		plan_variant(&d->out, &s->v[i], s->o);
		pthread_mutex_lock(&s->lock);
		d->next = s->done;
		s->done = d;
		under_way[0] = -1;
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_lock(&s->lock);
	s->local_finished = 1;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* The rows in the order of the variants (rows of other variants, from an
 * earlier sweep into the same file, after them): a sweep's file reads the
 * same whichever rank finished first. */
static void sort_rows(sweep *s)
{
	size_t n = s->rows.n;
	if (n < 2)
		return;
	size_t *key = malloc(n * sizeof(*key));
	plan_sweep_row *sorted = malloc(n * sizeof(*sorted));
	if (!key || !sorted) { /* unsorted, then */
		free(key);
		free(sorted);
		return;
	}
	for (size_t k = 0; k < n; k++) {
		key[k] = s->nv + k;
		for (size_t i = 0; i < s->nv; i++)
			if (!strcmp(s->rows.r[k].variant, s->v[i].name)) {
				key[k] = i;
				break;
			}
	}
	/* keys are distinct and below nv + n: a counting placement */
	size_t m = s->nv + n, *at = calloc(m, sizeof(*at));
	if (at) {
		for (size_t k = 0; k < n; k++) /* a name twice (a file made elsewhere): after */
			at[at[key[k]] ? s->nv + k : key[k]] = k + 1;
		size_t j = 0;
		for (size_t i = 0; i < m; i++)
			if (at[i])
				sorted[j++] = s->rows.r[at[i] - 1];
		memcpy(s->rows.r, sorted, n * sizeof(*sorted));
	}
	free(at);
	free(key);
	free(sorted);
}

/* Writes the rows and commits the file. 0 or -1 (said). */
static int commit(sweep *s)
{
	double t = now();
	sort_rows(s);
	if (plan_store_write_sweep(s->store, s->rows.r, s->rows.n) ||
	    plan_store_commit(s->store)) {
		fprintf(stderr, "plansweep: %s\n", plan_store_errmsg(s->store));
		return -1;
	}
	s->commit_cost = now() - t;
	s->last_commit = now();
	return 0;
}

/* Records variant i's result (its plan too, with --keep-plans): its row
 * replaces one of the same name. 0 or -1 (the file cannot take it). */
static int record(sweep *s, size_t i, variant_out *out, int rank)
{
	const variant *v = &s->v[i];
	plan_sweep_row r = out->row;
	r.variant = v->name;
	r.scenario = v->scenario;
	r.edits = v->edits;
	r.block = v->block;
	r.close_lane = v->close_lane;
	r.hours = v->hours;
	r.rank = rank;
	if (!r.error[0] && out->image) {
		/* an image that does not open is the variant's error; a copy the
		 * file cannot take ends the sweep (the file takes nothing more) */
		plan_store *img = NULL;
		int rc = plan_store_open_image(&img, out->image, out->image_size, v->name);
		if (rc) {
			snprintf(out->error, sizeof(out->error), "its plan's image: %s",
				 img ? plan_store_errmsg(img) : plan_errstr(rc));
			out->status[0] = '\0';
		} else if ((rc = plan_store_copy_plan(s->store, v->name, img, "plan")) != 0) {
			fprintf(stderr, "plansweep: %s: %s\n", v->name, plan_store_errmsg(s->store));
			plan_store_free(img);
			return -1;
		}
		plan_store_free(img);
	}
	for (size_t k = 0; k < s->rows.n; k++)
		if (!strcmp(s->rows.r[k].variant, v->name)) {
			row_free(&s->rows.r[k]);
			s->rows.r[k] = s->rows.r[--s->rows.n];
			break;
		}
	if (rows_add(&s->rows, &r)) {
		fprintf(stderr, "plansweep: out of memory\n");
		return -1;
	}
	if (r.error[0])
		s->failed++;
	else
		s->planned++;
	if (r.violations)
		s->broken++;
	printf("%-24s %-11s %7.1f%% %6zu %12.6g %9.2f %5d%s%s\n", v->name,
	       r.error[0] ? "error" : r.status, 100.0 * r.on_time, r.demands_late, r.qty_short,
	       r.seconds, rank, r.error[0] ? "  " : "", r.error);
	fflush(stdout);
	/* every --commit seconds, but no more than a tenth of the time in
	 * commits (a kept plan or a large /scenario makes the file large) */
	double every = s->o->commit_every > 10 * s->commit_cost ? s->o->commit_every
								 : 10 * s->commit_cost;
	if (now() - s->last_commit >= every)
		return commit(s);
	return 0;
}

static void to_wire(wire *w, size_t index, const variant_out *out)
{
	memset(w, 0, sizeof(*w));
	w->index = (int64_t)index;
	w->image_size = out->image ? out->image_size : 0;
	w->row = out->row;
	memcpy(w->error, out->error, sizeof(w->error));
	memcpy(w->status, out->status, sizeof(w->status));
}

static void from_wire(variant_out *out, const wire *w, const options *o)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->error, w->error, sizeof(out->error));
	memcpy(out->status, w->status, sizeof(out->status));
	out->error[sizeof(out->error) - 1] = out->status[sizeof(out->status) - 1] = '\0';
	out->row = w->row;
	out->row.error = out->error;
	out->row.status = out->status;
	out->row.mode = o->constrained ? "constrained" : "unconstrained";
	out->row.variant = out->row.scenario = out->row.edits = NULL; /* the record's */
	out->row.block = out->row.close_lane = out->row.hours = NULL;
}

/* Sends rank `to` its next variant, or tells it to stop. Returns 1 if it
 * was given one. */
static int hand_out(sweep *s, int to)
{
	pthread_mutex_lock(&s->lock);
	long i = take(s);
	pthread_mutex_unlock(&s->lock);
	under_way[to] = (sig_atomic_t)i;
	if (i < 0) {
		MPI_Send(NULL, 0, MPI_BYTE, to, TAG_STOP, MPI_COMM_WORLD);
		return 0;
	}
	int64_t idx = i;
	MPI_Send(&idx, 1, MPI_INT64_T, to, TAG_WORK, MPI_COMM_WORLD);
	return 1;
}

/* A result from rank src: its wire and image. */
static int receive(sweep *s, int src)
{
	wire w;
	MPI_Recv(&w, (int)sizeof(w), MPI_BYTE, src, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	variant_out out;
	from_wire(&out, &w, s->o);
	if (w.image_size) {
		out.image = malloc(w.image_size);
		if (!out.image) {
			fprintf(stderr, "plansweep: out of memory\n");
			return -1;
		}
		out.image_size = w.image_size;
		for (size_t at = 0; at < w.image_size; at += IMAGE_CHUNK) {
			size_t n = w.image_size - at < IMAGE_CHUNK ? w.image_size - at : IMAGE_CHUNK;
			MPI_Recv((char *)out.image + at, (int)n, MPI_BYTE, src, TAG_IMAGE, MPI_COMM_WORLD,
				 MPI_STATUS_IGNORE);
		}
	}
	if (w.index < 0 || (size_t)w.index >= s->nv) {
		fprintf(stderr, "plansweep: rank %d sent variant %lld of %zu\n", src,
			(long long)w.index, s->nv);
		free(out.image);
		return -1;
	}
	int rc = record(s, (size_t)w.index, &out, src);
	free(out.image);
	return rc;
}

/* Records what the local worker planned. */
static int drain_local(sweep *s, int *finished)
{
	pthread_mutex_lock(&s->lock);
	done_item *d = s->done;
	s->done = NULL;
	*finished = s->local_finished;
	pthread_mutex_unlock(&s->lock);
	int rc = 0;
	while (d) {
		done_item *next = d->next;
		if (!rc)
			rc = record(s, d->index, &d->out, 0);
		free(d->out.image);
		free(d);
		d = next;
	}
	return rc;
}

/* Opens or creates the results file; the variants it holds are skipped. */
static int open_results(sweep *s, char **scen, size_t nscen)
{
	const options *o = s->o;
	int exists = access(o->out, F_OK) == 0;
	int rc = plan_store_open(&s->store, o->out, exists ? PLAN_STORE_UPDATE : PLAN_STORE_CREATE);
	if (!rc && !exists && nscen == 1) {
		plan_model *m = NULL;
		plan_load_options lo = PLAN_LOAD_OPTIONS_INIT;
		lo.validate = 0;
		if (plan_model_load(&m, scen[0], &lo) == 0)
			rc = plan_store_write_model(s->store, m);
		plan_model_free(m); /* a scenario that does not load fails as a variant */
	}
	if (rc) {
		fprintf(stderr, "plansweep: %s\n",
			s->store ? plan_store_errmsg(s->store) : plan_errstr(rc));
		return -1;
	}
	size_t n = plan_store_count_sweep(s->store);
	for (size_t k = 0; k < n; k++) {
		plan_sweep_row r;
		plan_store_get_sweep(&r, s->store, k);
		if (s->o->retry_errors && r.error[0])
			continue;
		if (rows_add(&s->rows, &r))
			return -1;
	}
	s->pending = malloc((s->nv ? s->nv : 1) * sizeof(*s->pending));
	if (!s->pending)
		return -1;
	for (size_t i = 0; i < s->nv; i++) {
		int done = 0;
		for (size_t k = 0; k < s->rows.n && !done; k++)
			done = !strcmp(s->rows.r[k].variant, s->v[i].name);
		if (done)
			s->skipped++;
		else
			s->pending[s->npending++] = i;
	}
	return commit(s);
}

static int dispatch(sweep *s, int size)
{
	pthread_t thread;
	if (pthread_create(&thread, NULL, local_worker, s) != 0) {
		fprintf(stderr, "plansweep: cannot start a thread\n");
		return -1;
	}
	int remote = size - 1, local_done = 0, rc = 0;
	while (!rc && (remote > 0 || !local_done)) {
		if (stop_signal)
			break;
		int flag = 0;
		MPI_Status st;
		if (remote > 0)
			MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
		if (flag) {
			if (st.MPI_TAG == TAG_READY)
				MPI_Recv(NULL, 0, MPI_BYTE, st.MPI_SOURCE, TAG_READY, MPI_COMM_WORLD,
					 MPI_STATUS_IGNORE);
			else if (st.MPI_TAG == TAG_RESULT)
				rc = receive(s, st.MPI_SOURCE);
			else
				rc = -1;
			if (!rc && !hand_out(s, st.MPI_SOURCE))
				remote--;
		}
		int was = local_done;
		if (!rc)
			rc = drain_local(s, &local_done);
		if (!flag && was == local_done) {
			struct timespec ts = { 0, 2000000 }; /* 2 ms: MPI's blocking calls spin */
			nanosleep(&ts, NULL);
		}
	}
	if (rc || stop_signal) {
		if (stop_signal) /* best effort: the file keeps its last commit either way */
			commit(s);
		fprintf(stderr, "plansweep: %zu of %zu variants are in %s\n", s->rows.n, s->nv,
			s->o->out);
		fflush(stdout);
		MPI_Abort(MPI_COMM_WORLD, stop_signal ? 130 : 2);
	}
	pthread_join(thread, NULL);
	return commit(s);
}

/* Tells every other rank to stop, when rank 0 cannot sweep: each asks for
 * work first thing. */
static void release_workers(int size)
{
	for (int r = 1; r < size; r++) {
		MPI_Recv(NULL, 0, MPI_BYTE, r, TAG_READY, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		MPI_Send(NULL, 0, MPI_BYTE, r, TAG_STOP, MPI_COMM_WORLD);
	}
}

/* --- workers ---------------------------------------------------------------- */

static void work(const variant *v, size_t nv, const options *o, int rank)
{
	const char *die = getenv("PLANSWEEP_TEST_DIE"); /* the test of a rank that dies */
	int die_here = die && atoi(die) == rank;
	MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_READY, MPI_COMM_WORLD);
	for (;;) {
		MPI_Status st;
		int64_t idx = -1;
		MPI_Recv(&idx, 1, MPI_INT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
		if (st.MPI_TAG != TAG_WORK || idx < 0 || (size_t)idx >= nv)
			break;
		if (die_here)
			raise(SIGKILL);
		variant_out out;
		plan_variant(&out, &v[idx], o);
		wire w;
		to_wire(&w, (size_t)idx, &out);
		MPI_Send(&w, (int)sizeof(w), MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
		for (size_t at = 0; at < w.image_size; at += IMAGE_CHUNK) {
			size_t n = w.image_size - at < IMAGE_CHUNK ? w.image_size - at : IMAGE_CHUNK;
			MPI_Send((char *)out.image + at, (int)n, MPI_BYTE, 0, TAG_IMAGE, MPI_COMM_WORLD);
		}
		free(out.image);
	}
}

/* --- the command line ------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mpirun -n N plansweep --out RESULTS.h5 [--grid FILE] [--list FILE] [--keep-plans]\n"
		"                 [--unconstrained] [--threads T] [--timeout SECS] [--commit SECS]\n"
		"                 [--retry-errors] [SCENARIO ...]\n"
		"       plansweep --show RESULTS.h5\n");
}

/* Prints the rows of a results file as whatif's table. */
static int show(const char *path)
{
	plan_store *s = NULL;
	if (plan_store_open(&s, path, PLAN_STORE_READ)) {
		fprintf(stderr, "plansweep: %s\n", s ? plan_store_errmsg(s) : path);
		plan_store_free(s);
		return 2;
	}
	size_t n = plan_store_count_sweep(s);
	plan_sweep_row *r = calloc(n ? n : 1, sizeof(*r));
	const char **labels = calloc(n ? n : 1, sizeof(*labels));
	int rc = !r || !labels ? 2 : 0;
	for (size_t k = 0; k < n && !rc; k++) {
		plan_store_get_sweep(&r[k], s, k);
		labels[k] = r[k].variant;
	}
	if (!rc) {
		printf("sweep  %s: %zu variants\n", path, n);
		for (size_t k = 0; k < n; k++)
			printf("  %-12s %s%s%s%s\n", r[k].variant, r[k].scenario, r[k].edits[0] ? " " : "",
			       r[k].edits, r[k].error[0] ? "  (failed)" : "");
		variant_print_table(stdout, r, labels, n);
	}
	free(r);
	free(labels);
	plan_store_free(s);
	return rc;
}

/* Adds the lines of a list file to the scenarios. */
static int read_list(const char *path, char ***scen, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "plansweep: %s: cannot open\n", path);
		return -1;
	}
	char line[4096];
	size_t lineno = 0;
	int rc = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		size_t len = strcspn(line, "\r\n");
		line[len] = '\0';
		if (!len || line[0] == '#')
			continue;
		char **g = realloc(*scen, (*n + 1) * sizeof(*g));
		if (!g || !(g[*n] = strdup(line))) {
			if (g)
				*scen = g;
			fprintf(stderr, "plansweep: %s:%zu:1: out of memory\n", path, lineno);
			rc = -1;
			break;
		}
		*scen = g;
		(*n)++;
	}
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--show"))
		return show(argv[2]);
	int provided = 0;
	MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
	int rank = 0, size = 1;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	options o = { NULL, NULL, 0, 1, 1, 0, 0.0, 10.0 };
	char **scen = NULL;
	size_t nscen = 0;
	int bad = provided < MPI_THREAD_FUNNELED;
	if (bad && rank == 0)
		fprintf(stderr, "plansweep: the MPI library offers no thread support\n");
	for (int i = 1; i < argc && !bad; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		if (!strcmp(a, "--out") && val) {
			o.out = argv[++i];
		} else if (!strcmp(a, "--grid") && val) {
			o.grid = argv[++i];
		} else if (!strcmp(a, "--list") && val) {
			bad = read_list(argv[++i], &scen, &nscen) != 0;
		} else if (!strcmp(a, "--keep-plans")) {
			o.keep_plans = 1;
		} else if (!strcmp(a, "--unconstrained")) {
			o.constrained = 0;
		} else if (!strcmp(a, "--retry-errors")) {
			o.retry_errors = 1;
		} else if (!strcmp(a, "--threads") && val) {
			long t = strtol(argv[++i], &end, 10);
			bad = *end || t < 0 || t > 1024;
			o.threads = (int)t;
		} else if ((!strcmp(a, "--timeout") || !strcmp(a, "--commit")) && val) {
			double x = strtod(argv[++i], &end);
			bad = *end || !(x >= 0);
			*(!strcmp(a, "--timeout") ? &o.timeout : &o.commit_every) = x;
		} else if (a[0] == '-') {
			bad = 1;
		} else {
			char **g = realloc(scen, (nscen + 1) * sizeof(*g));
			bad = !g || !(g[nscen] = strdup(a));
			if (g) {
				scen = g;
				nscen += !bad;
			}
		}
	}
	if (bad || !o.out || !nscen) {
		if (rank == 0 && provided >= MPI_THREAD_FUNNELED)
			usage(stderr);
		bad = 1;
	}
	grid g;
	memset(&g, 0, sizeof(g));
	char err[700];
	if (!bad && o.grid && grid_read(&g, o.grid, err, sizeof(err))) {
		if (rank == 0)
			fprintf(stderr, "plansweep: %s\n", err);
		else
			fprintf(stderr, "plansweep: rank %d: %s\n", rank, err);
		bad = 1;
	}
	size_t nv = 0;
	variant *v = bad ? NULL : make_variants(scen, nscen, &g, &nv);
	/* every rank read the arguments, the grid and the list itself (on a
	 * cluster, from its own node): all go on, or none */
	int failed = !v, any_failed = 0;
	MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	if (any_failed && !failed && rank == 0)
		fprintf(stderr, "plansweep: another rank could not read the arguments, grid or list\n");
	int status = 0;
	if (any_failed) {
		status = 2;
	} else if (rank == 0) {
		sweep s;
		memset(&s, 0, sizeof(s));
		s.o = &o;
		s.v = v;
		s.nv = nv;
		s.t0 = now();
		pthread_mutex_init(&s.lock, NULL);
		under_way = calloc((size_t)size, sizeof(*under_way));
		for (int r = 0; under_way && r < size; r++)
			under_way[r] = -1;
		all_variants = v;
		nranks = size;
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		printf("plansweep: %zu variants of %zu scenario%s on %d rank%s, %s plans; results in %s\n",
		       nv, nscen, nscen == 1 ? "" : "s", size, size == 1 ? "" : "s",
		       o.constrained ? "feasible" : "unconstrained", o.out);
		printf("%-24s %-11s %8s %6s %12s %9s %5s\n", "variant", "status", "on time", "late",
		       "short", "seconds", "rank");
		fflush(stdout);
		if (!under_way || open_results(&s, scen, nscen)) {
			release_workers(size);
			status = 2;
		} else if (dispatch(&s, size)) {
			status = 2;
		} else if (plan_store_close(s.store)) {
			fprintf(stderr, "plansweep: %s\n", plan_store_errmsg(s.store));
			status = 2;
		} else {
			double t = now() - s.t0;
			printf("%zu planned, %zu failed, %zu in the file already; %.1f s, %.1f variants a minute\n",
			       s.planned, s.failed, s.skipped, t,
			       t > 0 ? 60.0 * (double)(s.planned + s.failed) / t : 0.0);
			status = s.broken ? 3 : s.failed ? 1 : 0;
		}
		plan_store_free(s.store);
		rows_free(&s.rows);
		free(s.pending);
		free((void *)under_way);
		pthread_mutex_destroy(&s.lock);
	} else {
		work(v, nv, &o, rank);
	}
	/* every rank agrees on the exit status */
	MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
	free_variants(v, nv);
	grid_free(&g);
	for (size_t i = 0; i < nscen; i++)
		free(scen[i]);
	free(scen);
	MPI_Finalize();
	return status;
}
