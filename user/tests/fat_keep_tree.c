/* A tree left on the FAT volume for the host's fsck.vfat -n after the run
 * (the other tests remove what they make): directories and files with
 * long, UTF-8 and 8.3 names, files of 0 to many clusters, one renamed
 * across directories and one truncated; each is read back here. */
#include "fat_disk.h"

static char path[2 * UTEST_PATH_MAX];

static const char *at(const char *top, const char *leaf)
{
	snprintf(path, sizeof(path), "%s/%s", top, leaf);
	return path;
}

static void put(const char *p, size_t size, unsigned char seed)
{
	static unsigned char buf[50000];
	int fd = CHECK_OK(open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644));

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(seed + i * 7);
	for (size_t done = 0; done < size;) {
		size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);

		CHECK_EQ(write(fd, buf, n), (ssize_t)n);
		done += n;
	}
	CHECK_OK(close(fd));
}

int main(int argc, char **argv)
{
	char top[UTEST_PATH_MAX];
	struct stat st;

	utest_begin(argc, argv);
	fat_require();
	/* Beside the scratch directory, which the framework removes. */
	snprintf(top, sizeof(top), "/tmp/Kept by %s %d", utest_name, (int)getpid());
	CHECK_OK(mkdir(top, 0755));
	CHECK_OK(mkdir(at(top, "Sub directory one"), 0755));
	CHECK_OK(mkdir(at(top, "Sub directory one/DEEPER"), 0755));
	CHECK_OK(mkdir(at(top, "second"), 0755));
	put(at(top, "empty file"), 0, 1);
	put(at(top, "README.TXT"), 100, 2);
	put(at(top, "Sub directory one/a file of several clusters.bin"), 123457, 3);
	put(at(top, "Sub directory one/DEEPER/caf\xc3\xa9 \xe2\x98\x95.txt"), 4096, 4);
	put(at(top, "second/moving file with a long name"), 9000, 5);
	put(at(top, "second/to be truncated"), 70000, 6);
	CHECK_OK(truncate(at(top, "second/to be truncated"), 1234));
	{
		char from[2 * UTEST_PATH_MAX];

		snprintf(from, sizeof(from), "%s/second/moving file with a long name", top);
		CHECK_OK(rename(from, at(top, "Sub directory one/moved here.dat")));
	}
	CHECK_OK(stat(at(top, "Sub directory one/moved here.dat"), &st));
	CHECK_EQ(st.st_size, 9000);
	CHECK_OK(stat(at(top, "second/to be truncated"), &st));
	CHECK_EQ(st.st_size, 1234);
	CHECK_OK(stat(at(top, "Sub directory one/a file of several clusters.bin"), &st));
	CHECK_EQ(st.st_size, 123457);
	CHECK_OK(stat(at(top, "empty file"), &st));
	CHECK_EQ(st.st_size, 0);
	utest_pass();
}
