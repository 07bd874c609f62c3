/**
 * The remote kit: what every backend whose workers live elsewhere (worker JVMs, cluster members)
 * needs on the caller's side, written once, so that a backend supplies only its transport.
 *
 * <p>A {@link org.multipool.spi.remote.SendAheadWindow} keeps a few batches in flight to one
 * worker: it numbers them, keeps the skips that come before a batch is sent, knows which batch is
 * at the head, takes back a batch the worker holds ahead when another worker is idle (exactly
 * once), and splits what a lost worker held into what began and what did not. It decides what is
 * sent and when; a {@link org.multipool.spi.remote.WindowTransport} decides how. The backend feeds
 * the window what the worker answers.
 *
 * <pre>{@code
 * final class Link implements WorkerControl {
 *   private final SendAheadWindow<byte[]> window = new SendAheadWindow<>(transport, Room.fixed(2));
 *
 *   void start(RemoteWorker worker) {
 *     window.attach(worker);
 *     newThread(() -> window.runSender(config.maxTasksPerWorker())).start();
 *     newThread(this::readAnswers).start();
 *   }
 *
 *   public void skip(Batch batch, int from, Skip why) { window.skip(batch, from, why); }
 *   public void takeBack(Batch batch) { window.takeBack(batch); }
 *
 *   private void readAnswers() {       // what comes back from the worker
 *     // an outcome of the head: report it, then window.finished(head) when it has them all
 *     // "given back":              window.givenBack(seq)
 *     // the worker died:           window.settleLoss(() -> new WorkerCrashedException(...))
 *   }
 * }
 * }</pre>
 */
package org.multipool.spi.remote;
