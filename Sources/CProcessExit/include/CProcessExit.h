#ifndef MAGSAG_PROCESS_EXIT_H
#define MAGSAG_PROCESS_EXIT_H

/* Ends the process with `status` once standard output and error are flushed, leaving the release of
   its memory to a helper process that shares it (see process_exit.c). Never returns. */
void magsag_exit_leaving_memory(int status) __attribute__((noreturn));

#endif
