#include <git2.h>
#include <git2/sys/repository.h>

/* `git_libgit2_opts` is variadic, which Swift cannot call: one fixed-arity wrapper per option used. */

/* Turn off libgit2's re-hashing of every object it reads (on by default; git itself does not do it on
   reads, only `git fsck` does). Compressed objects keep zlib's checksum. */
static inline int magsag_git_disable_strict_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* Keep parsed trees up to `tree_limit` bytes in libgit2's object cache (4 KiB by default: a folder of
   a few hundred files was parsed again at every lookup of a path below it), within `total` bytes. */
static inline int magsag_git_cache_trees(size_t tree_limit, ssize_t total) {
    int code = git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, tree_limit);
    return code != 0 ? code : git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, total);
}

/* The file-system type (`statfs`'s `f_type`) holding `path`, or 0 when it cannot be asked. Swift's
   Glibc module leaves `statfs` out. */
#if defined(__linux__)
#include <sys/vfs.h>
static inline unsigned long magsag_file_system_type(const char *path) {
    struct statfs info;
    return statfs(path, &info) == 0 ? (unsigned long)info.f_type : 0;
}
#endif
