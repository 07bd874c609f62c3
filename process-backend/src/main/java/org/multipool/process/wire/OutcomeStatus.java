package org.multipool.process.wire;

/** How one item of a batch ended, as an {@link OutcomesFrame} reports it. */
public enum OutcomeStatus {
  /** The item ran and returned; its result follows. */
  OK,
  /** The item threw; its exception follows. */
  FAILED,
  /** The item did not run: its task was cancelled, or its batch failed before it. Nothing follows. */
  SKIPPED,
  /** The item ran, but its result could not be serialized; the text that says why follows. */
  UNSENDABLE;

  private static final OutcomeStatus[] BY_CODE = values();

  /** The byte that stands for this status on the wire. */
  public byte code() {
    return (byte) ordinal();
  }

  /** The status {@code code} stands for. */
  public static OutcomeStatus of(byte code) throws ProtocolException {
    if (code < 0 || code >= BY_CODE.length) {
      throw new ProtocolException("Unknown outcome status " + code);
    }
    return BY_CODE[code];
  }
}
