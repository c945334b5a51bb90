/*
 * libcook-posix.so: the POSIX calls the JDK lacks, as the JNI methods of io.cookexecutor.posix.Posix.
 *
 * Conventions, the same for every function: strings arrive as byte arrays without their terminating NUL
 * (the Java side chose their encoding); a call that fails returns minus its errno, so no thread-local
 * "last error" has to survive the way back to Java. Nothing here keeps state but one function pointer.
 *
 * Portability: the library must load on glibc 2.17. Built against a newer glibc, the linker would pick the
 * newest version of a symbol (dlsym@GLIBC_2.34), so the one symbol that has moved is pinned to its old
 * version below; bin/check-portability.sh checks the result. posix_spawn_file_actions_addchdir_np
 * (glibc 2.29) is looked up at run time, never linked.
 */
#define _GNU_SOURCE
#include <jni.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* glibc 2.34 moved dlsym from libdl into libc under a new version; the old one exists in both. */
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");

#define POSIX_FN(name) JNIEXPORT jint JNICALL Java_io_cookexecutor_posix_Posix_##name
#define MAX_SIGNAL 64
#define READ_LIMIT 8192
/* Defined by glibc >= 2.26's spawn.h; the value is the same everywhere. */
#define SPAWN_SETSID 0x80

extern char **environ;

typedef int (*addchdir_fn)(posix_spawn_file_actions_t *, const char *);

/* posix_spawn_file_actions_addchdir_np when this C library has it (glibc >= 2.29), else NULL. */
static addchdir_fn addchdir;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  (void) vm;
  (void) reserved;
  addchdir = (addchdir_fn) dlsym(RTLD_DEFAULT, "posix_spawn_file_actions_addchdir_np");
  return JNI_VERSION_1_8;
}

/* A NUL-terminated copy of a byte array, from malloc; NULL for a null array or when out of memory. */
static char *c_string(JNIEnv *env, jbyteArray bytes) {
  if (bytes == NULL) {
    return NULL;
  }
  jsize length = (*env)->GetArrayLength(env, bytes);
  char *s = malloc((size_t) length + 1);
  if (s != NULL) {
    (*env)->GetByteArrayRegion(env, bytes, 0, length, (jbyte *) s);
    s[length] = '\0';
  }
  return s;
}

/*
 * A NULL-terminated vector of C strings for argv or envp, in one malloc'ed block (pointers first, then the
 * strings), so one free releases it. NULL with *error set when an element is null or memory is short.
 */
static char **c_vector(JNIEnv *env, jobjectArray array, int *error) {
  jsize count = (*env)->GetArrayLength(env, array);
  size_t bytes = ((size_t) count + 1) * sizeof(char *);
  for (jsize i = 0; i < count; i++) {
    jbyteArray element = (*env)->GetObjectArrayElement(env, array, i);
    if (element == NULL) {
      *error = EINVAL;
      return NULL;
    }
    bytes += (size_t) (*env)->GetArrayLength(env, element) + 1;
    (*env)->DeleteLocalRef(env, element);
  }
  char **vector = malloc(bytes);
  if (vector == NULL) {
    *error = ENOMEM;
    return NULL;
  }
  char *next = (char *) (vector + count + 1);
  for (jsize i = 0; i < count; i++) {
    jbyteArray element = (*env)->GetObjectArrayElement(env, array, i);
    jsize length = (*env)->GetArrayLength(env, element);
    (*env)->GetByteArrayRegion(env, element, 0, length, (jbyte *) next);
    (*env)->DeleteLocalRef(env, element);
    next[length] = '\0';
    vector[i] = next;
    next += length + 1;
  }
  vector[count] = NULL;
  return vector;
}

/* Fills the attributes: an empty signal mask, the given signals at their default action, the flags. */
static int spawn_attributes(JNIEnv *env, posix_spawnattr_t *attributes, jintArray default_signals,
    jboolean new_session) {
  sigset_t mask;
  sigset_t defaults;
  sigemptyset(&mask);
  sigemptyset(&defaults);
  jsize count = (*env)->GetArrayLength(env, default_signals);
  for (jsize i = 0; i < count; i++) {
    jint signal = 0;
    (*env)->GetIntArrayRegion(env, default_signals, i, 1, &signal);
    if (signal > 0 && signal <= MAX_SIGNAL) {
      sigaddset(&defaults, signal);
    }
  }
  /* POSIX_SPAWN_SETSID is glibc >= 2.26; older ones refuse the unknown flag with EINVAL. */
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (new_session ? SPAWN_SETSID : 0);
  int rc = posix_spawnattr_setflags(attributes, flags);
  if (rc == 0) {
    rc = posix_spawnattr_setsigmask(attributes, &mask);
  }
  if (rc == 0) {
    rc = posix_spawnattr_setsigdefault(attributes, &defaults);
  }
  return rc;
}

/* posix_spawn with the attributes above and the directory (when not null); pid or minus errno. */
static int spawn(JNIEnv *env, const char *path, char **argv, char **envp, const char *dir,
    jintArray default_signals, jboolean new_session) {
  if (dir != NULL && addchdir == NULL) {
    return -ENOSYS;
  }
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_t actions;
  int rc = posix_spawnattr_init(&attributes);
  if (rc != 0) {
    return -rc;
  }
  rc = posix_spawn_file_actions_init(&actions);
  if (rc != 0) {
    posix_spawnattr_destroy(&attributes);
    return -rc;
  }
  rc = spawn_attributes(env, &attributes, default_signals, new_session);
  if (rc == 0 && dir != NULL) {
    rc = addchdir(&actions, dir);
  }
  pid_t pid = 0;
  if (rc == 0) {
    rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp);
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return rc == 0 ? pid : -rc;
}

POSIX_FN(spawn)(JNIEnv *env, jclass cls, jbyteArray path, jobjectArray argv, jobjectArray envp,
    jbyteArray dir, jintArray default_signals, jboolean new_session) {
  (void) cls;
  if (path == NULL || argv == NULL || envp == NULL || default_signals == NULL) {
    return -EINVAL;
  }
  int error = ENOMEM;
  char *c_path = c_string(env, path);
  char *c_dir = c_string(env, dir);
  char **c_argv = c_vector(env, argv, &error);
  char **c_envp = c_argv == NULL ? NULL : c_vector(env, envp, &error);
  int result = -error;
  if (c_path != NULL && (dir == NULL || c_dir != NULL) && c_argv != NULL && c_envp != NULL) {
    result = spawn(env, c_path, c_argv, c_envp, c_dir, default_signals, new_session);
  }
  free(c_envp);
  free(c_argv);
  free(c_dir);
  free(c_path);
  return result;
}

JNIEXPORT jboolean JNICALL Java_io_cookexecutor_posix_Posix_canSpawnInDirectory(JNIEnv *env, jclass cls) {
  (void) env;
  (void) cls;
  return addchdir != NULL ? JNI_TRUE : JNI_FALSE;
}

/* The process's environment, entry by entry, as the bytes execve gave it (the JDK keeps only Strings). */
JNIEXPORT jobjectArray JNICALL Java_io_cookexecutor_posix_Posix_environ(JNIEnv *env, jclass cls) {
  (void) cls;
  jclass bytes_class = (*env)->FindClass(env, "[B");
  if (bytes_class == NULL) {
    return NULL;
  }
  jsize count = 0;
  while (environ != NULL && environ[count] != NULL) {
    count++;
  }
  jobjectArray entries = (*env)->NewObjectArray(env, count, bytes_class, NULL);
  for (jsize i = 0; entries != NULL && i < count; i++) {
    jsize length = (jsize) strlen(environ[i]);
    jbyteArray entry = (*env)->NewByteArray(env, length);
    if (entry == NULL) {
      return NULL;
    }
    (*env)->SetByteArrayRegion(env, entry, 0, length, (const jbyte *) environ[i]);
    (*env)->SetObjectArrayElement(env, entries, i, entry);
    (*env)->DeleteLocalRef(env, entry);
  }
  return entries;
}

POSIX_FN(waitpid)(JNIEnv *env, jclass cls, jint pid, jint options, jintArray status) {
  (void) cls;
  int raw = 0;
  pid_t result = waitpid(pid, &raw, options);
  if (result < 0) {
    return -errno;
  }
  if (status != NULL && (*env)->GetArrayLength(env, status) > 0) {
    jint value = raw;
    (*env)->SetIntArrayRegion(env, status, 0, 1, &value);
  }
  return result;
}

POSIX_FN(kill)(JNIEnv *env, jclass cls, jint pid, jint signal) {
  (void) env;
  (void) cls;
  return kill(pid, signal) == 0 ? 0 : -errno;
}

POSIX_FN(killpg)(JNIEnv *env, jclass cls, jint group, jint signal) {
  (void) env;
  (void) cls;
  return killpg(group, signal) == 0 ? 0 : -errno;
}

POSIX_FN(prctl)(JNIEnv *env, jclass cls, jint option, jlong arg2) {
  (void) env;
  (void) cls;
  return prctl(option, (unsigned long) arg2, 0UL, 0UL, 0UL) >= 0 ? 0 : -errno;
}

JNIEXPORT jbyteArray JNICALL Java_io_cookexecutor_posix_Posix_strerrorBytes(JNIEnv *env, jclass cls,
    jint errnum) {
  (void) cls;
  char buffer[256];
  /* The GNU strerror_r: thread-safe, returns a static string or one written into the buffer. */
  const char *text = strerror_r(errnum, buffer, sizeof buffer);
  jsize length = (jsize) strlen(text);
  jbyteArray bytes = (*env)->NewByteArray(env, length);
  if (bytes != NULL) {
    (*env)->SetByteArrayRegion(env, bytes, 0, length, (const jbyte *) text);
  }
  return bytes;
}

POSIX_FN(open)(JNIEnv *env, jclass cls, jbyteArray path, jint flags) {
  (void) cls;
  if (path == NULL) {
    return -EINVAL;
  }
  char *c_path = c_string(env, path);
  if (c_path == NULL) {
    return -ENOMEM;
  }
  int fd = open(c_path, flags);
  int error = errno;
  free(c_path);
  return fd >= 0 ? fd : -error;
}

POSIX_FN(close)(JNIEnv *env, jclass cls, jint fd) {
  (void) env;
  (void) cls;
  return close(fd) == 0 ? 0 : -errno;
}

POSIX_FN(eventfd)(JNIEnv *env, jclass cls, jint initial, jint flags) {
  (void) env;
  (void) cls;
  int fd = eventfd((unsigned int) initial, flags);
  return fd >= 0 ? fd : -errno;
}

POSIX_FN(read)(JNIEnv *env, jclass cls, jint fd, jbyteArray buffer) {
  (void) cls;
  if (buffer == NULL) {
    return -EINVAL;
  }
  char bytes[READ_LIMIT];
  jsize length = (*env)->GetArrayLength(env, buffer);
  ssize_t count = read(fd, bytes, length < READ_LIMIT ? (size_t) length : READ_LIMIT);
  if (count < 0) {
    return -errno;
  }
  (*env)->SetByteArrayRegion(env, buffer, 0, (jsize) count, (const jbyte *) bytes);
  return (jint) count;
}

POSIX_FN(poll)(JNIEnv *env, jclass cls, jint fd, jint events, jint timeout_millis) {
  (void) env;
  (void) cls;
  struct pollfd one = {.fd = fd, .events = (short) events, .revents = 0};
  int ready = poll(&one, 1, timeout_millis);
  if (ready < 0) {
    return -errno;
  }
  return ready == 0 ? 0 : one.revents;
}
