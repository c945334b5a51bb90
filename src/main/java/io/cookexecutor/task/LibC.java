package io.cookexecutor.task;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/** The POSIX calls the executor needs, through JNA; no {@code kill} processes are spawned. */
interface LibC extends Library {
  LibC INSTANCE = Native.load("c", LibC.class);

  int SIGKILL = 9;
  int SIGTERM = 15;
  int SIGCONT = 18;
  int SIGSTOP = 19;
  int ECHILD = 10;
  int EINTR = 4;
  int ESRCH = 3;
  int PR_SET_CHILD_SUBREAPER = 36;
  int PR_SET_PDEATHSIG = 1;
  short POSIX_SPAWN_SETSIGDEF = 0x04;
  short POSIX_SPAWN_SETSIGMASK = 0x08;
  /** glibc 2.26 and later. */
  short POSIX_SPAWN_SETSID = 0x80;
  /** sizeof(posix_spawnattr_t) is 336 and sizeof(posix_spawn_file_actions_t) 80 on x86-64 glibc. */
  int SPAWN_STRUCT_BYTES = 1024;
  int SIGSET_BYTES = 128;

  int getpid();

  int kill(int pid, int signal);

  int killpg(int pgrp, int signal);

  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  int waitpid(int pid, IntByReference status, int options);

  int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attributes,
      StringArray argv, StringArray envp);

  int posix_spawnattr_init(Pointer attributes);

  int posix_spawnattr_destroy(Pointer attributes);

  int posix_spawnattr_setflags(Pointer attributes, short flags);

  int posix_spawnattr_setsigmask(Pointer attributes, Pointer sigset);

  int posix_spawnattr_setsigdefault(Pointer attributes, Pointer sigset);

  int posix_spawn_file_actions_init(Pointer fileActions);

  int posix_spawn_file_actions_destroy(Pointer fileActions);

  /** glibc 2.29 and later. */
  int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

  int sigemptyset(Pointer set);

  int sigaddset(Pointer set, int signal);

  String strerror(int errno);
}
