package org.multipool.process.worker;

import java.io.IOException;
import java.io.ObjectOutput;
import org.multipool.RemoteTaskException;
import org.multipool.process.wire.BegunFrame;
import org.multipool.process.wire.Bytes;
import org.multipool.process.wire.Codec;
import org.multipool.process.wire.FrameChannel;
import org.multipool.process.wire.JavaSerialization;
import org.multipool.process.wire.OutcomeStatus;
import org.multipool.process.wire.OutcomesFrame;
import org.multipool.process.wire.Values;

/**
 * Collects a worker's outcomes into {@link OutcomesFrame}s, so that a run of quick items
 * travels as one frame, and sends them when asked to.
 *
 * <p>An object that fails to encode is cut out again: the frame so far ends before it, and a new
 * frame carries what stands in for it (the text of why a result cannot be sent, or a
 * {@link RemoteTaskException} for an exception), so one bad result never costs the others.
 */
final class OutcomeWriter {
  private final FrameChannel channel;
  private final Codec codec;
  private final FaultInjection faults;
  private final Bytes frame = new Bytes(64 * 1024);
  private boolean open;
  /** The open frame's codec stream, or null while its values are all plain and written raw. */
  private ObjectOutput stream;
  private int seq;
  private int from;
  private int count;
  private long openedAt;
  /** Why the last object could not be encoded. */
  private Throwable lastFailure;

  OutcomeWriter(FrameChannel channel, Codec codec, FaultInjection faults) {
    this.channel = channel;
    this.codec = codec;
    this.faults = faults;
  }

  void succeeded(int seq, int index, Object result) throws IOException {
    faults.at(FaultInjection.Point.SERIALIZING_RESULT);
    if (!append(seq, index, OutcomeStatus.OK, result)) {
      append(seq, index, OutcomeStatus.UNSENDABLE, "it cannot be serialized: " + JavaSerialization.describe(lastFailure));
    }
  }

  void failed(int seq, int index, Throwable failure) throws IOException {
    if (!append(seq, index, OutcomeStatus.FAILED, failure)) {
      RemoteTaskException standIn = new RemoteTaskException(
          failure.getClass().getName(), failure.getMessage(), failure.getStackTrace());
      if (!append(seq, index, OutcomeStatus.FAILED, standIn)) {
        throw new IOException("Cannot encode even a RemoteTaskException", lastFailure);
      }
    }
  }

  void skipped(int seq, int index) throws IOException {
    append(seq, index, OutcomeStatus.SKIPPED, null);
  }

  /** How long the open frame has been collecting, or 0 if none is open. */
  long openNanos(long now) {
    return open ? now - openedAt : 0;
  }

  int openBytes() {
    return open ? frame.size() : 0;
  }

  /** Says that batch {@code seq} begins its first item now, after what is collected so far. */
  void begun(int seq) throws IOException {
    flush();
    new BegunFrame(seq).write(channel);
  }

  /** Ends the open frame, if any, and sends it. */
  void flush() throws IOException {
    if (!open) {
      return;
    }
    if (stream != null) {
      stream.flush();
    }
    send();
  }

  /** Sends the frame as it is; its stream is done with, whatever it still buffers. */
  private void send() throws IOException {
    open = false;
    stream = null;
    OutcomesFrame.send(channel, frame, count);
  }

  /** Adds one outcome; false if its object could not be encoded and was cut out again. */
  private boolean append(int seq, int index, OutcomeStatus status, Object value) throws IOException {
    boolean plain = status == OutcomeStatus.SKIPPED || Values.isPlain(value);
    // A new frame for another batch, after a gap, or for the first value that needs a codec stream.
    if (open && (seq != this.seq || index != from + count || (!plain && stream == null))) {
      flush();
    }
    if (!open) {
      open(seq, index, plain);
    }
    if (plain && stream == null) { // cannot fail: no mark to cut back to
      frame.write(status.code());
      if (status != OutcomeStatus.SKIPPED) {
        Values.writePlain(frame, value);
      }
      count++;
      return true;
    }
    if (plain) { // cannot fail either, in a frame that has a codec stream
      stream.writeByte(status.code());
      if (status != OutcomeStatus.SKIPPED) {
        Values.write(stream, value);
      }
      count++;
      return true;
    }
    stream.flush(); // everything before this outcome is in the frame now
    int mark = frame.size();
    try {
      stream.writeByte(status.code());
      Values.write(stream, value);
      stream.flush(); // everything of this outcome is in the frame now, nothing of the next
      count++;
      return true;
    } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
      lastFailure = e;
      frame.truncate(mark);
      if (count > 0) {
        send(); // without flushing the failed stream: what it still buffers belongs to the bad object
      } else {
        open = false; // the frame holds nothing: forget it
        stream = null;
      }
      return false;
    }
  }

  /** Opens a frame: raw while its values are plain, with a codec stream from the first that is not. */
  private void open(int seq, int index, boolean plain) throws IOException {
    this.seq = seq;
    this.from = index;
    this.count = 0;
    this.openedAt = System.nanoTime();
    frame.truncate(0);
    OutcomesFrame.begin(frame, seq, index, plain ? Values.RAW : Values.STREAM);
    stream = plain ? null : codec.output(frame);
    open = true;
  }
}
