/* /proc/loadavg has Linux's five fields, and the 1-minute load average
 * rises above zero while two processes keep the CPUs busy. */
#include "utest.h"

static double load1(int *running, int *total)
{
	char buf[256];
	double a = -1, b, c;
	int last;

	utest_read_file("/proc/loadavg", buf, sizeof(buf));
	CHECK_EQ(sscanf(buf, "%lf %lf %lf %d/%d %d", &a, &b, &c, running, total, &last), 6);
	CHECK(a >= 0 && b >= 0 && c >= 0);
	CHECK(*running >= 1 && *total >= *running);
	return a;
}

int main(int argc, char **argv)
{
	pid_t kids[2];
	int running, total;

	utest_begin(argc, argv);
	load1(&running, &total);
	for (int i = 0; i < 2; i++) {
		kids[i] = utest_fork();
		if (kids[i] == 0) {
			for (;;)
				;
		}
	}
	sleep(6);	/* more than one 5-second sampling period */
	CHECK_MSG(load1(&running, &total) > 0.0, "1-minute load still 0 with two busy processes");
	for (int i = 0; i < 2; i++) {
		CHECK_OK(kill(kids[i], SIGKILL));
		CHECK_CHILD_SIGNAL(kids[i], SIGKILL);
	}
	utest_pass();
}
