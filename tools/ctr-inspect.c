/* ctr-inspect — everything a container's record says, as docker inspect.
 *
 * The record (state.json) is shown with docker's keys, so what people
 * know from `docker inspect -f '{{.State.ExitCode}}'` works here too:
 * State.Status, State.Pid, State.ExitCode, State.OOMKilled,
 * State.StartedAt... -f takes the same dotted path, braces optional.
 */
#include "ctrstate.h"
#include "diag.h"
#include "opt.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: %1$s [options] CONTAINER...\n"
	"Show everything recorded about containers, as JSON with docker inspect's keys.\n"
	"\n"
	"CONTAINER is a name, an id or a unique prefix of one. The output is a JSON\n"
	"array, one object per container: Id, Name, Created, Path, Args, Image (the\n"
	"image's ID, sha256:..., as docker shows it; its name when no ID was\n"
	"recorded), State {Status, Running, Paused, OOMKilled, Pid, ExitCode, Error,\n"
	"StartedAt, FinishedAt}, Config {Hostname, User, Cmd, Image (the name)},\n"
	"HostConfig {CapAdd, CapDrop}, Rootfs, Cgroup (the ctrkit group), StateDir,\n"
	"PidFile, LogPath, MonitorPid, Cleanup [{Kind, Path}].\n"
	"Times are RFC 3339 in UTC with nanoseconds; 0001-01-01T00:00:00Z for never.\n"
	"\n"
	"Options:\n"
	"  -f, --format PATH  print one value per container instead: a dotted path\n"
	"                     such as State.ExitCode, or docker's template form,\n"
	"                     each {{.Path}} replaced and the text around kept\n"
	"                     ('{{.Name}} {{.State.Pid}}'); strings bare, objects\n"
	"                     as JSON\n"
	"      --json         print JSON (the default)\n"
	"      --explain      accepted for symmetry; %1$s only reads files\n"
	"  -h, --help         show this help and exit\n"
	"      --version      show the version and exit\n"
	"\n"
	"Exit status:\n"
	"  0 on success; 125 if a container does not exist or PATH names nothing.\n"
	"\n"
	"Examples:\n"
	"  %1$s web\n"
	"  %1$s -f State.Status web\n"
	"  %1$s -f '{{.State.OOMKilled}}' web\n"
	"  %1$s -f '{{.Name}} {{.State.Pid}}' web\n";

enum { OPT_JSON = OPT_TOOL_BASE };

static const struct option options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "json", no_argument, NULL, OPT_JSON },
	OPT_COMMON_LONG,
	{ NULL, 0, NULL, 0 },
};

static const char never[] = "0001-01-01T00:00:00Z";

/* A list as a JSON array, or null when there is none (docker's form). */
static json_t *strv_or_null(char **v)
{
	if (!v)
		return json_null();
	json_t *a = json_array();
	for (; a && *v; v++)
		json_array_append_new(a, json_string(*v));
	return a ? a : json_null();
}

static json_t *docker_view(const struct ctr_state *st)
{
	json_t *args = json_array(), *cmd = json_array(), *cleanup = json_array();

	for (char **a = st->command; a && *a; a++) {
		json_array_append_new(cmd, json_string(*a));
		if (a != st->command)
			json_array_append_new(args, json_string(*a));
	}
	for (int i = 0; i < st->ncleanup; i++)
		json_array_append_new(cleanup, json_pack("{s:s, s:s}", "Kind", st->cleanup[i].kind, "Path",
							 st->cleanup[i].path));
	bool live = st->status == CTR_RUNNING || st->status == CTR_PAUSED;
	json_t *state = json_pack(
		"{s:s, s:b, s:b, s:b, s:i, s:i, s:s, s:s, s:s}", "Status", ctr_status_name(st->status), "Running", live,
		"Paused", st->status == CTR_PAUSED, "OOMKilled", st->oom_killed, "Pid", live ? (int)st->pid : 0,
		"ExitCode", st->exit_code < 0 ? 0 : st->exit_code, "Error", st->error ? st->error : "", "StartedAt",
		*st->started ? st->started : never, "FinishedAt", *st->finished ? st->finished : never);
	json_t *config = json_pack("{s:s, s:s, s:o, s:s}", "Hostname", st->hostname ? st->hostname : "", "User",
				   st->user ? st->user : "", "Cmd", cmd, "Image", st->image ? st->image : "");
	json_t *host_config = json_pack("{s:o, s:o}", "CapAdd", strv_or_null(st->cap_add), "CapDrop",
					strv_or_null(st->cap_drop));
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:i, s:o}", "Id",
			 st->id, "Name", st->name ? st->name : "", "Created", st->created, "Path",
			 st->command && st->command[0] ? st->command[0] : "", "Args", args, "Image",
			 st->image_id ? st->image_id : st->image ? st->image : "", "State", state, "Config", config,
			 "HostConfig", host_config, "Rootfs",
			 st->rootfs ? st->rootfs : "", "Cgroup", st->cgroup, "StateDir", st->dir, "PidFile",
			 st->pid_file ? st->pid_file : "", "LogPath", st->log_path ? st->log_path : "", "MonitorPid",
			 (int)st->monitor_pid, "Cleanup", cleanup);
}

/* The value at dotted KEY ("State.ExitCode", ".State.ExitCode") as text:
 * strings bare, anything else as compact JSON. NULL when there is none. */
static char *value_at(json_t *obj, const char *key)
{
	char *p = strdup(*key == '.' ? key + 1 : key), *save = NULL;
	json_t *v = obj;

	if (!p)
		return NULL;
	for (char *k = strtok_r(p, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_object_get(v, k);
	free(p);
	if (!v)
		return NULL;
	return json_is_string(v) ? strdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
}

/* Print FORMAT for one container: a dotted path ("State.ExitCode"), or
 * docker's template form, each {{.Path}} replaced by its value and the
 * text around kept ("{{.Name}} {{.State.Pid}}"), then a newline. */
static int print_format(json_t *obj, const char *format, const char *ref)
{
	const char *open = strstr(format, "{{");
	char *value;

	if (!open) {
		if (!(value = value_at(obj, format)))
			return diag_set(0, "ctr-inspect without -f shows every key", "container %s has no field '%s'",
					ref, format);
		printf("%s\n", value);
		free(value);
		return 0;
	}
	/* Made whole first: a field that is not there prints nothing. */
	char *text = NULL;
	size_t text_len = 0;
	FILE *out = open_memstream(&text, &text_len);
	int rc = 0;
	if (!out)
		return diag_set(errno, NULL, "format the output");
	for (const char *rest = format; *rest && rc == 0;) {
		if (!(open = strstr(rest, "{{"))) {
			fputs(rest, out);
			break;
		}
		const char *close = strstr(open, "}}");
		if (!close) {
			rc = diag_set(0, "write each field as {{.Path}}", "-f '%s': a {{ without }}", format);
			break;
		}
		fwrite(rest, 1, (size_t)(open - rest), out);
		char key[256];
		const char *k = open + 2 + strspn(open + 2, " ");
		size_t n = (size_t)(close - k);
		while (n && k[n - 1] == ' ')
			n--;
		if (n >= sizeof key) {
			rc = diag_set(0, NULL, "-f '%s': a field name too long", format);
			break;
		}
		memcpy(key, k, n);
		key[n] = '\0';
		if (!(value = value_at(obj, key))) {
			rc = diag_set(0, "ctr-inspect without -f shows every key", "container %s has no field '%s'",
				      ref, key);
			break;
		}
		fputs(value, out);
		free(value);
		rest = close + 2;
	}
	fclose(out);
	if (rc == 0)
		printf("%s\n", text);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	const char *format = NULL;
	int c, failed = 0;
	json_t *all = json_array();

	diag_init(argv);
	while ((c = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c != OPT_JSON)
			opt_common(c, usage);
	}
	if (optind >= argc)
		die_usage("no container given");
	for (int i = optind; i < argc; i++) {
		struct ctr_state st;
		if (ctr_open(argv[i], &st, false) < 0) {
			diag_print();
			failed = 1;
		} else {
			json_t *view = docker_view(&st);
			if (format && print_format(view, format, argv[i]) < 0) {
				diag_print();
				failed = 1;
			}
			json_array_append_new(all, view);
		}
		ctr_state_free(&st);
	}
	if (!format) {
		json_dumpf(all, stdout, JSON_INDENT(4));
		fputc('\n', stdout);
	}
	json_decref(all);
	if (fflush(stdout) != 0 || ferror(stdout))
		die(0, NULL, "write the output");
	return failed ? EXIT_TOOL_FAILED : 0;
}
