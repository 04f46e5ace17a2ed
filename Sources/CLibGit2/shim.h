#include <git2.h>
#include <git2/sys/repository.h>

/* `git_libgit2_opts` is variadic, which Swift cannot call: one fixed-arity wrapper per option used. */

/* Turn off libgit2's re-hashing of every object it reads (on by default; git itself does not do it on
   reads, only `git fsck` does). Compressed objects keep zlib's checksum. */
static inline int magsag_git_disable_strict_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}
