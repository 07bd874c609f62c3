package org.multipool.examples;

/** Bad command-line input: the launcher prints the message and the usage, never a stack trace. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
