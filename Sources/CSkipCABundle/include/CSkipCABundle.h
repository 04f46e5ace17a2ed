#ifndef MAGSAG_SKIP_CA_BUNDLE_H
#define MAGSAG_SKIP_CA_BUNDLE_H

/* See skip_ca_bundle.c. Declared with the signature mbedTLS gives it (the certificate chain as an
   opaque pointer: this module does not need mbedTLS's headers). */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

#endif
