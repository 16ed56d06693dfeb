/* Unit test for lib/cggroup's cg_enter, on the real kernel: a process of
 * one thread moves itself (in v1 through tasks), a process of two threads
 * is moved whole (cgroup.procs), never one thread of it alone. Each case
 * runs in a child, so this process stays in the cgroup it started in. */
#include "cggroup.h"
#include "diag.h"
#include "kfile.h"
#include "unit.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *group;
static pid_t second_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started = PTHREAD_COND_INITIALIZER;

/* Is thread TID of this process in GROUP in every hierarchy ctrkit uses?
 * Each group lists its threads: "tasks" in v1, "cgroup.threads" in v2. */
static bool thread_in_group(const struct cg_system *s, pid_t tid)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], text[4096], want[32];

	snprintf(want, sizeof want, "\n%d\n", (int)tid);
	for (int i = 0; i < s->n; i++) {
		const struct cg_hierarchy *h = &s->hier[i];
		cg_group_dir(h, group, dir, sizeof dir);
		snprintf(path, sizeof path, "%s/%s", dir, h->version == 1 ? "tasks" : "cgroup.threads");
		text[0] = '\n';
		if (kfile_read(path, text + 1, sizeof text - 1) < 0 || !strstr(text, want))
			return false;
	}
	return s->n > 0;
}

static void *second_thread(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&lock);
	second_tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_signal(&started);
	pthread_mutex_unlock(&lock);
	pause();
	return NULL;
}

/* In a child: enter the group with THREADS threads; exit 0 when every
 * thread is in it. */
static int enter_with(int threads, struct cg_system *s)
{
	pid_t child = fork();
	if (child == 0) {
		pthread_t t;
		if (threads == 2) {
			pthread_mutex_lock(&lock);
			pthread_create(&t, NULL, second_thread, NULL);
			while (!second_tid)
				pthread_cond_wait(&started, &lock);
			pthread_mutex_unlock(&lock);
		}
		if (cg_enter(s, group, false) < 0) {
			diag_print();
			_exit(2);
		}
		bool ok = thread_in_group(s, getpid()) && (threads == 1 || thread_in_group(s, second_tid));
		_exit(ok ? 0 : 1);
	}
	int status = 0;
	waitpid(child, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	struct cg_system s;
	char name[32], missing[256];

	diag_init(argv);
	(void)argc;
	snprintf(name, sizeof name, "unit-enter-%d", (int)getpid());
	group = name;
	if (cg_system_load(&s, NULL) < 0 || cg_create(&s, name, false, missing, sizeof missing) < 0) {
		diag_print();
		return 1;
	}
	check(enter_with(1, &s) == 0, "cg_enter: a process of one thread is in the group in every hierarchy");
	check(enter_with(2, &s) == 0, "cg_enter: a process of two threads is moved whole, both threads in the group");
	check(cg_delete(&s, name, false, 5000) == 0, "cg_enter: the group is removed after");
	cg_system_free(&s);
	return unit_done();
}
