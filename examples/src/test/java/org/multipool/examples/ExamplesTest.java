package org.multipool.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example with small sizes and checks what it prints and leaves behind. */
class ExamplesTest {

  @AfterEach
  void noWorkerJvmOutlivesItsExample() {
    assertThat(Run.childrenStillRunning()).as("processes still running after the example").isEmpty();
  }

  @Test
  void compare_printsEveryRowOfTheTable_andAVerdictPerWorkload() throws Exception {
    Run run = Run.launch("compare", "--workers", "2", "--steps", "200000", "--waits", "8", "--wait-ms", "5",
        "--io-workers", "2", "--runs", "1", "--no-progress");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .containsPattern("workload +backend +wall +speedup +cpu/wall")
        .containsPattern("CPU 2 x 200,000 steps +sequential +[\\d.,]+ ms +1\\.0x")
        .containsPattern("CPU 8 x 200,000 steps +sequential")
        .containsPattern("I/O 8 x 5 ms wait +sequential +[\\d.,]+ ms +1\\.0x")
        .containsPattern("\\n +processes\\(2\\) +[\\d.,]+ ms +[\\d.]+x +[\\d.]+\\n")
        .containsPattern("\\n +threads\\(2\\) +[\\d.,]+ ms +[\\d.]+x +[\\d.]+\\n")
        .containsPattern(Runtime.version().feature() >= 21
            ? "\\n +virtualThreads\\(8\\) +[\\d.,]+ ms" : "\\n +virtualThreads +needs JDK 21\\+")
        .containsPattern("\\nCPU-bound, one task per core: \\S+ won")
        .containsPattern("\\nCPU-bound, more tasks than cores: \\S+ won")
        .containsPattern("\\nI/O-bound: \\S+ won")
        .contains("threads run CPU-bound work in parallel too: there is no global interpreter lock")
        .contains("Worker JVMs win on isolation, not on speed")
        .containsPattern("processes\\(2\\) had every worker up after [\\d,]+ ms");
    assertThat(count(run.out, "\\n +processes\\(2\\) ")).isEqualTo(3); // both CPU workloads and the I/O one
  }

  @Test
  void quickstart_printsTheSquaresInInputOrder() throws Exception {
    Run run = Run.launch("quickstart");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("squares = [1, 4, 9, 16, 25, 36, 49, 64]");
  }

  @Test
  void background_joinsTheSequenceAfterTheMainThreadWentOn() throws Exception {
    Run run = Run.launch("background", "--terms", "30", "--tick-ms", "20");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .containsPattern("main: submitted the Fibonacci task; pid \\d+ goes on")
        .containsPattern("main: tick 1 at [\\d,]+ ms, [\\d,]+ jobs of its own done")
        .containsPattern("main: joined after [\\d,]+ ms and [1-9]\\d* ticks \\([\\d,]+ jobs of its own\\): the first 30"
            + " Fibonacci numbers")
        .contains("[0, 1, 1, 2, 3, 5, 8, 13, ..., 196418, 317811, 514229]");
    assertThat(run.out.indexOf("submitted")).isLessThan(run.out.indexOf("joined"));
  }

  @Test
  void squaresAndCubes_bothJobsPrintFromTheirWorkers_andTheTotalIsReported() throws Exception {
    Run run = Run.launch("squares-and-cubes", "--numbers", "3", "--delay-ms", "150");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .containsPattern("worker \\d+, squares: 3\\^2 = 9")
        .containsPattern("worker \\d+, cubes: 3\\^3 = 27");
    Matcher squares = Pattern.compile("squares +ran [\\d,]+ ms in worker (\\d+)").matcher(run.out);
    Matcher cubes = Pattern.compile("cubes +ran [\\d,]+ ms in worker (\\d+)").matcher(run.out);
    Matcher total = Pattern.compile("both done in ([\\d,]+) ms side by side; one after the other would take ([\\d,]+) ms")
        .matcher(run.out);
    assertThat(squares.find() && cubes.find() && total.find()).as(run.out).isTrue();
    assertThat(squares.group(1)).as("each job in a worker of its own").isNotEqualTo(cubes.group(1));
    // Side by side, the jobs overlap: together they take less than one after the other (450 + 675 ms).
    assertThat(number(total.group(1))).isLessThan(number(total.group(2)));
  }

  @Test
  void cluster_runsOnTwoMembers_losesOnlyWhatTheKilledOneHadBegun_andLeavesNoProcess() throws Exception {
    Run run = Run.launch("cluster", "--tasks", "24", "--task-ms", "50");

    assertThat(run.exitCode).as(run.err).isZero();
    Matcher members = Pattern.compile("member pid (\\d+) at 127\\.0\\.0\\.1:\\d+").matcher(run.out);
    assertThat(members.find()).isTrue();
    String survivor = members.group(1);
    assertThat(members.find()).isTrue();
    String killed = members.group(1);
    assertThat(run.out).contains("killed member pid " + killed + " (kill -9)")
        .containsPattern("\\d+ tasks finished in member pid " + survivor)
        .containsPattern("Then a map of 8 items ran in pids \\[" + survivor + "\\]")
        .contains("Member processes still running: 0");
    Matcher failed = Pattern.compile("(\\d+) tasks failed: (\\w+)").matcher(run.out);
    while (failed.find()) {
      assertThat(failed.group(2)).isEqualTo("WorkerCrashedException");
      assertThat(Integer.parseInt(failed.group(1))).as("two slots, two batches each at most").isLessThanOrEqualTo(4);
    }
  }

  @Test
  void crashIsolation_reportsTheCrash_andThePoolGoesOn() throws Exception {
    Run run = Run.launch("crash-isolation");

    assertThat(run.exitCode).isZero();
    Matcher crash = Pattern.compile("crash: +worker (\\d+) exited with code 1; the task's future failed with "
        + "WorkerCrashedException").matcher(run.out);
    assertThat(crash.find()).as(run.out).isTrue();
    assertThat(run.out)
        .contains("map:     item 2 failed with WorkerCrashedException")
        .contains("after:   squares = [1, 4, 9, 16, 25]")
        .contains("Not run here: the same task on Pool.threads(2) would call System.exit(1) in this JVM.");
    Matcher after = Pattern.compile("after: .*workers answer from pids \\[([\\d, ]+)\\]").matcher(run.out);
    assertThat(after.find()).as(run.out).isTrue();
    assertThat(after.group(1).split(", ")).as("the crashed worker answers no more").doesNotContain(crash.group(1));
  }

  @Test
  void timeouts_processesKillTheLoop_threadsOnlyAbandonIt() throws Exception {
    Run run = Run.launch("timeouts", "--timeout-ms", "200", "--spin-ms", "600");

    assertThat(run.exitCode).isZero();
    assertThat(count(run.out, "the runaway task's future failed at [\\d,]+ ms with TaskTimeoutException")).isEqualTo(2);
    Matcher replaced = Pattern.compile("in a fresh worker: pid (\\d+) was killed, pid (\\d+) took over")
        .matcher(run.out);
    assertThat(replaced.find()).as(run.out).isTrue();
    assertThat(replaced.group(1)).isNotEqualTo(replaced.group(2));
    Matcher waited = Pattern.compile("the next task could start only at ([\\d,]+) ms").matcher(run.out);
    assertThat(waited.find()).as(run.out).isTrue();
    // One thread: the next task cannot begin before the loop has spun its 600 ms.
    assertThat(number(waited.group(1))).isGreaterThanOrEqualTo(600);
  }

  @Test
  void producerConsumer_theProducersWaitForTheConsumer_andEveryItemArrivesOnce() throws Exception {
    Run run = Run.launch("producer-consumer", "--items", "300", "--capacity", "10", "--consume-ms", "1");

    assertThat(run.exitCode).as(run.err).isZero();
    Matcher ahead = Pattern.compile("the producers were at most ([\\d,]+) items ahead of the consumer \\(capacity 10\\)")
        .matcher(run.out);
    for (int backend = 0; backend < 2; backend++) {
      assertThat(ahead.find()).as(run.out).isTrue();
      // The slow consumer sets the pace: the queue fills, and the producers wait at its capacity.
      assertThat(number(ahead.group(1))).isBetween(1L, 10L);
    }
    assertThat(count(run.out, "300 items arrived, every one of them, 0 twice")).isEqualTo(2);
    assertThat(run.out).contains("Producers in 2 worker JVMs").contains("The same code on 2 threads");
  }

  @Test
  void wordCount_theSharedMapMatchesAPlainCount() throws Exception {
    Run run = Run.launch("word-count", "--files", "6", "--words", "5000");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("6 files, 30,000 words counted by 2 worker JVMs")
        .containsPattern("The shared map matches a count made here, one file after another: \\d+ distinct words");
  }

  @Test
  void wordCount_namesAFolderThatIsNotOne() throws Exception {
    Run run = Run.launch("word-count", "no-such-folder");

    assertThat(run.exitCode).isEqualTo(Example.USAGE_ERROR);
    assertThat(run.err).contains("FOLDER must be a folder of .txt files, but no-such-folder is not a folder");
  }

  @Test
  void progress_everyReportArrives_inTheOrderEachTaskSentIt() throws Exception {
    Run run = Run.launch("progress", "--tasks", "3", "--steps", "40", "--step-ms", "2");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("120 progress reports from 3 tasks on 2 worker JVMs;"
        + " each task's reports arrived in the order it sent them")
        .contains("Every task reported all 40 steps.");
  }

  @Test
  void streaming_readsTheEndlessInputOnlyAsFarAsItIsConsumed() throws Exception {
    Run run = Run.launch("streaming", "--lines", "20000", "--every", "5000");

    assertThat(run.exitCode).isZero();
    Matcher progress = Pattern.compile("([\\d,]+) lines +[\\d.,]+ MB of input +read ahead +([\\d,]+) +live heap +"
        + "[\\d,]+ MB").matcher(run.out);
    int lines = 0;
    while (progress.find()) {
      lines++;
      // Two batches per worker in flight and the one being consumed, of at most 1,024 items each.
      assertThat(number(progress.group(2))).isLessThanOrEqualTo((2 * 2 + 1) * 1024);
    }
    assertThat(lines).isEqualTo(4);
    assertThat(run.out).contains("20,000 lines, ").contains("the pool read only what was used");
  }

  @Test
  void images_writesAGrayHalfSizeCopyOfEachImage_andSkipsWhatItCannotRead(@TempDir Path folder) throws Exception {
    ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("a.png").toFile());
    ImageIO.write(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "jpg", folder.resolve("b.jpg").toFile());
    Files.write(folder.resolve("broken.png"), "not an image".getBytes(StandardCharsets.UTF_8));
    byte[] whole = Files.readAllBytes(folder.resolve("a.png"));
    Files.write(folder.resolve("truncated.png"), java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.write(folder.resolve("notes.txt"), "not an image either".getBytes(StandardCharsets.UTF_8));

    Run run = Run.launch("images", "--workers", "2", folder.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .containsPattern("worker \\d+: a.png 64x48 -> processed_a.png 32x24 gray")
        .containsPattern("worker \\d+: b.jpg 30x20 -> processed_b.jpg 15x10 gray")
        .containsPattern("worker \\d+: skipped broken.png, which ImageIO cannot read")
        .containsPattern("worker \\d+: skipped truncated.png: \\S")
        .doesNotContain("notes.txt");
    BufferedImage processed = ImageIO.read(folder.resolve("processed_a.png").toFile());
    assertThat(processed.getWidth()).isEqualTo(32);
    assertThat(processed.getHeight()).isEqualTo(24);
    assertThat(processed.getColorModel().getNumColorComponents()).isEqualTo(1);
    assertThat(folder.resolve("processed_b.jpg")).exists();
    assertThat(folder.resolve("processed_broken.png")).doesNotExist();
  }

  @Test
  void images_withoutAFolder_drawsSamples_andRemovesThemAfterwards() throws Exception {
    Run run = Run.launch("images", "--samples", "3", "--size", "64");

    assertThat(run.exitCode).isZero();
    Matcher drew = Pattern.compile("drew 3 sample images in (\\S+)").matcher(run.out);
    assertThat(drew.find()).as(run.out).isTrue();
    assertThat(count(run.out, "worker \\d+: sample-0\\d.png 64x48 -> processed_sample-0\\d.png 32x24 gray"))
        .isEqualTo(3);
    assertThat(run.out).contains("removed " + drew.group(1));
    assertThat(Paths.get(drew.group(1))).doesNotExist();
  }

  @Test
  void images_withAFolderThatIsNotOne_printsUsage(@TempDir Path folder) throws Exception {
    Run run = Run.launch("images", folder.resolve("missing").toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("images: FOLDER must be a directory of images, but ")
        .contains("usage: java -jar multipool-examples.jar images");
  }

  @Test
  void scrape_extractsTheSameProductsBothWays_andStopsItsServer() throws Exception {
    Run run = Run.launch("scrape", "--pages", "6", "--delay-ms", "5", "--threads", "3");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains("Kettle 1     EUR 11.07  tags [sale, new]")
        .contains("Desk 5       EUR 15.35  tags [new, eco]")
        .contains("3 links")
        .contains("... and 1 more")
        .contains("same products both ways: true")
        .containsPattern("sequential +[\\d,]+ ms")
        .containsPattern("threads\\(3\\) +[\\d,]+ ms, [\\d.]+x faster")
        .contains("shop stopped");
    Matcher address = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/").matcher(run.out);
    assertThat(address.find()).as(run.out).isTrue();
    int port = Integer.parseInt(address.group(1));
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .as("nothing listens on the shop's port any more").isInstanceOf(ConnectException.class);
  }

  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  private static int count(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
