// Makes one sanitizer finding on purpose (the first argument names which), so that the sanitizer build proves
// its tests fail on a finding: the flags reach the programs, ctest passes the options, and no suppression
// hides the project's own code. Built only with VERSIONSCOPE_SANITIZE.
#include <cstdio>
#include <cstring>
#include <limits>

namespace {

// Out of line and fed from argv so that the compiler cannot see through it.
[[gnu::noinline]] int *allocation(int value)
{
    return new int[4]{value, value, value, value};
}

int *volatile g_sink = nullptr;

// The only pointer to the allocation goes through a global that is then cleared, so no register or stack slot
// of main still holds it when LeakSanitizer looks at exit.
[[gnu::noinline]] void leak(int value)
{
    g_sink = allocation(value);
    g_sink = nullptr;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fputs("usage: sanitizerprobe leak|use-after-free|overflow\n", stderr);
        return 2;
    }
    const int seed = argc;
    if (std::strcmp(argv[1], "leak") == 0) {
        leak(seed);
        return 0;
    }
    if (std::strcmp(argv[1], "use-after-free") == 0) {
        int *freed = allocation(seed);
        delete[] freed;
        return freed[seed % 4];
    }
    if (std::strcmp(argv[1], "overflow") == 0) {
        volatile int big = std::numeric_limits<int>::max() - 1;
        const int sum = big + seed; // signed overflow: undefined behaviour
        std::printf("%d\n", sum);
        return 0;
    }
    return 2;
}
