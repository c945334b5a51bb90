package io.cookexecutor.sidecar.files;

/** A request the file server refuses with a status and a plain-text body (the exact texts of section 3). */
final class BadRequest extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  BadRequest(int status, String body) {
    super(body, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  String body() {
    return getMessage();
  }

  /** 404 with an empty body: the one answer for every path that is not served. */
  static BadRequest notServed() {
    return new BadRequest(404, "");
  }
}
