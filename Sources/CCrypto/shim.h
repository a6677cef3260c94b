// The system's libcrypto (OpenSSL 3, Debian libssl-dev): SHA-256 and SHA-1 through the EVP digest API,
// which uses the CPU's SHA extensions where present.
#include <openssl/evp.h>
