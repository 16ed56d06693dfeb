/* caps — see caps.h. */
#include "caps.h"
#include "diag.h"
#include "explain.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>

/* moby oci/caps/defaults.go, DefaultCapabilities(): the same fourteen, in
 * its order. CAP_SYS_ADMIN (mount, and much else), CAP_SYS_PTRACE,
 * CAP_NET_ADMIN, CAP_SYS_MODULE ... are not among them. */
static const cap_value_t docker_default[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD, CAP_NET_RAW,
	CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE,
	CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
};

/* How many capabilities the running kernel knows (cap_last_cap + 1), as
 * libcap found out when it was loaded; at most 64, a mask's width. */
static int caps_known(void)
{
	int n = cap_max_bits();
	return n > 64 ? 64 : n;
}

caps_mask caps_docker_default(void)
{
	caps_mask m = 0;
	for (size_t i = 0; i < sizeof docker_default / sizeof docker_default[0]; i++)
		m |= CAPS_BIT(docker_default[i]);
	return m;
}

caps_mask caps_all_known(void)
{
	int n = caps_known();
	return n == 64 ? ~(caps_mask)0 : CAPS_BIT(n) - 1;
}

caps_mask caps_bounding(void)
{
	caps_mask m = 0;
	for (int c = 0; c < caps_known(); c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
			m |= CAPS_BIT(c);
	return m;
}

/* "CAP_CHOWN" for capability C (libcap says "cap_chown"). */
static void cap_upper_name(cap_value_t c, char *buf, size_t len)
{
	char *name = cap_to_name(c);
	snprintf(buf, len, "%s", name ? name : "?");
	cap_free(name);
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

const char *caps_mask_str(caps_mask m, const char *sep, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (unsigned c = 0; c < 64; c++) {
		char name[64];
		if (!(m & CAPS_BIT(c)))
			continue;
		cap_upper_name((cap_value_t)c, name, sizeof name);
		int n = snprintf(buf + o, len - o, "%s%s", o ? sep : "", name);
		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
	if (!o)
		snprintf(buf, len, "none");
	return buf;
}

int caps_by_name(const char *name)
{
	char lower[64], known[1024];
	cap_value_t c;
	size_t i = 0;

	const char *bare = strncasecmp(name, "cap_", 4) == 0 ? name + 4 : name;
	i = (size_t)snprintf(lower, sizeof lower, "cap_");
	for (const char *p = bare; *p && i < sizeof lower - 1; p++)
		lower[i++] = (char)tolower((unsigned char)*p);
	lower[i] = '\0';
	/* cap_from_name() also takes numbers, and names this kernel does not
	 * have: accept only a name, of a capability the kernel knows. */
	if (*bare && !isdigit((unsigned char)*bare) && strlen(bare) < sizeof lower - 5 &&
	    cap_from_name(lower, &c) == 0 && c < caps_known())
		return c;

	size_t o = 0;
	known[0] = '\0';
	for (c = 0; c < caps_known(); c++) {
		char upper[64];
		cap_upper_name(c, upper, sizeof upper);
		int n = snprintf(known + o, sizeof known - o, "%s%s", o ? " " : "", upper + 4);
		if (n < 0 || (size_t)n >= sizeof known - o)
			break;
		o += (size_t)n;
	}
	diag_set(0, NULL, "unknown capability '%s'", name);
	diag_hint("known (with or without CAP_, in any case): %s", known);
	return -1;
}

int caps_limit_bounding(caps_mask keep)
{
	for (int c = 0; c < caps_known(); c++) {
		char name[64];
		if ((keep & CAPS_BIT(c)) || prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 1)
			continue;
		cap_upper_name(c, name, sizeof name);
		explain("prctl(PR_CAPBSET_DROP, %s)", name);
		if (cap_drop_bound(c) < 0)
			return diag_set(errno, errno == EPERM ? "dropping from the bounding set needs CAP_SETPCAP: "
					"run as root, or inside a user namespace (ns-clone -Ur)" : NULL,
					"drop %s from the bounding set", name);
	}
	return 0;
}

int caps_clear_ambient(void)
{
	explain("prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)");
	if (cap_reset_ambient() < 0)
		return diag_set(errno, NULL, "clear the ambient capabilities");
	return 0;
}

int caps_set(caps_mask effective, caps_mask permitted, caps_mask inheritable)
{
	static const struct { cap_flag_t flag; const char *name; } sets[] = {
		{ CAP_EFFECTIVE, "effective" }, { CAP_PERMITTED, "permitted" }, { CAP_INHERITABLE, "inheritable" },
	};
	caps_mask masks[] = { effective, permitted, inheritable };
	char e[800], p[800], i[800];

	if (effective == permitted && permitted == inheritable)
		explain("capset(effective=permitted=inheritable=[%s])", caps_mask_str(effective, " ", e, sizeof e));
	else if (effective == permitted)
		explain("capset(effective=permitted=[%s], inheritable=[%s])", caps_mask_str(effective, " ", e, sizeof e),
			caps_mask_str(inheritable, " ", i, sizeof i));
	else
		explain("capset(effective=[%s], permitted=[%s], inheritable=[%s])",
			caps_mask_str(effective, " ", e, sizeof e), caps_mask_str(permitted, " ", p, sizeof p),
			caps_mask_str(inheritable, " ", i, sizeof i));

	cap_t caps = cap_init(); /* all clear */
	if (!caps)
		return diag_set(errno, NULL, "cap_init");
	for (size_t s = 0; s < 3; s++)
		for (cap_value_t c = 0; c < 64; c++)
			if (masks[s] & CAPS_BIT(c))
				cap_set_flag(caps, sets[s].flag, 1, &c, CAP_SET);
	int rc = cap_set_proc(caps);
	int err = errno;
	cap_free(caps);
	if (rc < 0)
		return diag_set(err, err == EPERM ? "a process can only keep capabilities it has: "
				"the permitted set cannot grow" : NULL, "capset");
	return 0;
}
