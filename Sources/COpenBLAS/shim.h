#include <cblas.h>
/* Declared by OpenBLAS but not in every cblas.h. */
char *openblas_get_config(void);
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
