/* imgconfig — see imgconfig.h. */
#include "imgconfig.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One shell word: 'text', each ' as '\'' . Inside single quotes a shell
 * expands nothing ($( ), `, $VAR, \), so sourcing it only assigns. */
static void print_quoted(FILE *out, const char *s)
{
	fputc('\'', out);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	}
	fputc('\'', out);
}

void imgconfig_print_var(FILE *out, const char *name, const char *value)
{
	fprintf(out, "IMAGE_%s=", name);
	print_quoted(out, value);
	fputc('\n', out);
}

/* A config list (Env, Cmd...) as strings; NULL if an element is not one. */
static json_t *string_list(json_t *config, const char *key)
{
	json_t *v = json_object_get(config, key), *list = json_array(), *e;
	size_t i;

	if (!json_is_array(v) && !json_is_null(v) && v)
		goto bad;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			goto bad;
		json_array_append(list, e);
	}
	return list;
bad:
	json_decref(list);
	diag_set(0, "the image config is malformed", "config: %s is not a list of strings", key);
	return NULL;
}

json_t *imgconfig_summary(const struct oci_image *img)
{
	json_t *c = json_object_get(img->config, "config"), *out = json_object(), *ports = json_array(),
	       *labels = json_object(), *v;
	const char *key, *user = json_string_value(json_object_get(c, "User")),
			 *workdir = json_string_value(json_object_get(c, "WorkingDir"));
	char platform[100];

	snprintf(platform, sizeof platform, "%s/%s%s%s", img->platform.os, img->platform.architecture,
		 *img->platform.variant ? "/" : "", img->platform.variant);
	json_object_set_new(out, "manifest", *img->manifest_digest ? json_string(img->manifest_digest) : json_null());
	json_object_set_new(out, "config", json_string(img->config_digest));
	json_object_set_new(out, "platform", json_string(platform));
	json_object_set_new(out, "user", json_string(user ? user : ""));
	json_object_set_new(out, "workdir", json_string(workdir ? workdir : ""));
	static const char *const lists[][2] = { { "env", "Env" }, { "entrypoint", "Entrypoint" }, { "cmd", "Cmd" } };
	for (size_t i = 0; i < 3; i++) {
		json_t *l = string_list(c, lists[i][1]);
		if (!l) {
			json_decref(out);
			json_decref(ports);
			json_decref(labels);
			return NULL;
		}
		json_object_set_new(out, lists[i][0], l);
	}
	json_object_foreach(json_object_get(c, "ExposedPorts"), key, v)
		json_array_append_new(ports, json_string(key));
	json_object_foreach(json_object_get(c, "Labels"), key, v) {
		if (json_is_string(v))
			json_object_set(labels, key, v);
	}
	json_object_set_new(out, "exposed_ports", ports);
	json_object_set_new(out, "labels", labels);
	return out;
}

static void print_list(FILE *out, const char *name, json_t *list)
{
	char var[64];
	size_t i;
	json_t *e;

	fprintf(out, "IMAGE_%s_COUNT=%zu\n", name, json_array_size(list));
	json_array_foreach(list, i, e) {
		snprintf(var, sizeof var, "%s_%zu", name, i);
		imgconfig_print_var(out, var, json_string_value(e));
	}
}

int imgconfig_print(FILE *out, json_t *s, bool as_json)
{
	if (as_json) {
		json_dumpf(s, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		fputc('\n', out);
	} else {
		imgconfig_print_var(out, "MANIFEST", json_string_value(json_object_get(s, "manifest")) ?: "");
		imgconfig_print_var(out, "CONFIG", json_string_value(json_object_get(s, "config")));
		imgconfig_print_var(out, "PLATFORM", json_string_value(json_object_get(s, "platform")));
		imgconfig_print_var(out, "USER", json_string_value(json_object_get(s, "user")));
		imgconfig_print_var(out, "WORKDIR", json_string_value(json_object_get(s, "workdir")));
		print_list(out, "ENV", json_object_get(s, "env"));
		print_list(out, "ENTRYPOINT", json_object_get(s, "entrypoint"));
		print_list(out, "CMD", json_object_get(s, "cmd"));
		print_list(out, "EXPOSED_PORT", json_object_get(s, "exposed_ports"));
		/* Labels as key=value, sorted by key, so the output is stable. */
		json_t *labels = json_object_get(s, "labels"), *pairs = json_array();
		size_t n = json_object_size(labels), i = 0;
		const char **keys = calloc(n + 1, sizeof *keys);
		const char *key;
		json_t *v;
		if (!keys || !pairs) {
			free(keys);
			json_decref(pairs);
			return diag_set(ENOMEM, NULL, "print the config");
		}
		json_object_foreach(labels, key, v)
			keys[i++] = key;
		qsort(keys, n, sizeof *keys, compare_strings);
		for (i = 0; i < n; i++) {
			char *pair;
			if (asprintf(&pair, "%s=%s", keys[i], json_string_value(json_object_get(labels, keys[i]))) >= 0) {
				json_array_append_new(pairs, json_string(pair));
				free(pair);
			}
		}
		print_list(out, "LABEL", pairs);
		free(keys);
		json_decref(pairs);
	}
	if (fflush(out) != 0 || ferror(out))
		return diag_set(errno, NULL, "write the config to stdout");
	return 0;
}
