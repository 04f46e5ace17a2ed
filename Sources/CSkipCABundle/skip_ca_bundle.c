/*
 * magsag-lint never opens a network connection, yet libgit2 built with mbedTLS (Debian's build) reads
 * and parses the system's whole CA bundle in git_libgit2_init, on every run: about 50 million
 * instructions, 13 ms of CPU, half of what a run on an empty repository costs.
 *
 * The executable defines mbedtls_x509_crt_parse_file and exports it (Package.swift), so the dynamic
 * linker binds libgit2's call to this definition instead of libmbedx509's: the bundle is not read and
 * the chain stays empty, so a TLS handshake, which this tool never attempts, could not verify a peer.
 * Success is reported so that libgit2 sets no error message. A libgit2 built against OpenSSL or
 * another TLS library never calls this function.
 */
#include "CSkipCABundle.h"

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}
