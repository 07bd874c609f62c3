package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multipool.process.wire.Protocol;

class SharedArchiveTest {
  private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC");

  @TempDir Path tempDir;
  private Path cache;
  private Path jar;
  private String previous;

  @BeforeEach
  void cacheInTempDir() throws IOException {
    cache = tempDir.resolve("cache");
    jar = Files.write(tempDir.resolve("app.jar"), new byte[] {1, 2, 3});
    previous = System.setProperty(SharedArchive.PROPERTY, cache.toString());
  }

  @AfterEach
  void restoreProperty() {
    if (previous == null) {
      System.clearProperty(SharedArchive.PROPERTY);
    } else {
      System.setProperty(SharedArchive.PROPERTY, previous);
    }
  }

  @Test
  void theFirstWorker_recordsTheArchive_andLaterWorkersUseIt() throws IOException {
    SharedArchive pool = archive();
    List<String> first = pool.optionsFor(1);
    assertThat(first).anySatisfy(option -> assertThat(option).startsWith("-XX:ArchiveClassesAtExit="))
        .contains("-D" + Protocol.HALT_AFTER_MILLIS_PROPERTY + "=60000");
    assertThat(pool.optionsFor(2)).as("one recorder per archive").isEmpty();

    Files.write(recordingOf(first), new byte[] {42}); // what the JVM writes as it exits
    pool.workerEnded(2, 0, false);
    assertThat(pool.archive()).doesNotExist();
    pool.workerEnded(1, 0, false);

    assertThat(pool.archive()).exists();
    assertThat(cache.toFile().list()).containsExactly(pool.archive().getFileName().toString()); // no recording, no lock
    assertThat(pool.optionsFor(3)).contains("-XX:SharedArchiveFile=" + pool.archive());
    assertThat(archive().optionsFor(1)).as("another pool, same workers")
        .contains("-XX:SharedArchiveFile=" + pool.archive());
  }

  @Test
  void aRecorderThatDidNotExitCleanly_leavesNoArchive_andTheNextPoolRecordsAgain() throws IOException {
    SharedArchive pool = archive();
    List<String> first = pool.optionsFor(1);
    Files.write(recordingOf(first), new byte[] {42});
    pool.workerEnded(1, 137, false);

    assertThat(cache.toFile().list()).isEmpty();
    assertThat(archive().optionsFor(1)).anySatisfy(option -> assertThat(option).startsWith("-XX:ArchiveClassesAtExit="));
  }

  @Test
  void whileAnotherPoolRecords_noneRecords_butAStaleLockIsTakenOver() throws IOException {
    SharedArchive recording = archive();
    assertThat(recording.optionsFor(1)).isNotEmpty();
    assertThat(archive().optionsFor(1)).as("the lock is held").isEmpty();

    Path lock = cache.resolve(recording.archive().getFileName() + ".lock");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    assertThat(archive().optionsFor(1)).as("a pool that died while its worker recorded").isNotEmpty();
  }

  @Test
  void aPoolKilledWhileItsWorkerRecorded_leavesNothing_onceAnotherPoolRecords() throws Exception {
    SharedArchive pool = archive();
    long dead = pidOfAnEndedProcess();
    long alive = ProcessHandle.current().pid();
    Files.createDirectories(cache);
    String name = pool.archive().getFileName().toString();
    Path deadRecording = Files.write(cache.resolve(name + "." + dead + ".recording"), new byte[1 << 20]);
    Path deadLock = Files.writeString(cache.resolve(name + ".lock"), Long.toString(dead)); // fresh, but its pool is gone
    Path otherKeysDeadRecording = Files.write(cache.resolve("worker-0123456789ab.jsa." + dead + ".recording"),
        new byte[] {1});
    Path otherKeysLiveLock = Files.writeString(cache.resolve("worker-0123456789ab.jsa.lock"), Long.toString(alive));
    Path liveRecording = Files.write(cache.resolve("worker-0123456789ab.jsa." + alive + ".recording"), new byte[] {1});

    List<String> options = pool.optionsFor(1);

    assertThat(options).as("the dead pool's lock was taken over at once")
        .anySatisfy(option -> assertThat(option).startsWith("-XX:ArchiveClassesAtExit="));
    assertThat(deadRecording).doesNotExist();
    assertThat(otherKeysDeadRecording).doesNotExist();
    assertThat(deadLock).hasContent(Long.toString(alive)); // the lock is this pool's now
    assertThat(otherKeysLiveLock).exists();
    assertThat(liveRecording).exists();
  }

  private static long pidOfAnEndedProcess() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  @Test
  void aWorkerThatFailsToStartWithTheArchive_getsItRemoved_andIsReplacedByOneWithout() throws IOException {
    SharedArchive pool = archive();
    Files.createDirectories(cache);
    Files.write(pool.archive(), new byte[] {1});
    assertThat(pool.optionsFor(1)).isNotEmpty();
    assertThat(pool.optionsFor(2)).isNotEmpty();

    assertThat(pool.workerEnded(1, 1, true)).as("the archive may be at fault: start another").isTrue();

    assertThat(pool.archive()).doesNotExist();
    assertThat(pool.optionsFor(3)).as("not recorded again by this pool").isEmpty();
    assertThat(pool.workerEnded(2, 1, true)).as("asked once only").isFalse();
    assertThat(pool.workerEnded(3, 1, true)).as("it went without: the archive is not at fault").isFalse();
  }

  @Test
  void aRecorderThatCannotStart_isReplaced_andNoPoolOfItsKeyRecordsAgain() {
    SharedArchive pool = archive();
    assertThat(pool.optionsFor(1)).anySatisfy(option -> assertThat(option).startsWith("-XX:ArchiveClassesAtExit="));

    assertThat(pool.workerEnded(1, 1, true)).isTrue();

    assertThat(pool.optionsFor(2)).isEmpty();
    assertThat(archive().optionsFor(1)).as("a later pool").isEmpty();
    assertThat(cache.resolve(pool.archive().getFileName() + ".lock")).doesNotExist();
  }

  @Test
  void aWorkerWithoutTheArchive_thatFailsToStart_isNotTheArchivesBusiness() throws IOException {
    SharedArchive pool = archive();
    assertThat(pool.optionsFor(1)).isNotEmpty(); // the recorder
    assertThat(pool.optionsFor(2)).isEmpty();

    assertThat(pool.workerEnded(2, 1, true)).isFalse();
    assertThat(pool.workerEnded(1, 137, false)).as("stopped by the pool, not a failed start").isFalse();
  }

  @Test
  void theKey_changesWithTheClassPathsContents_optionsAndJava() throws IOException {
    Path before = archive().archive();
    assertThat(SharedArchive.forWorkers("java", List.of("-ea"), jar.toString()).archive()).isNotEqualTo(before);
    assertThat(SharedArchive.forWorkers("other-java", OPTIONS, jar.toString()).archive()).isNotEqualTo(before);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5))); // a rebuilt jar
    assertThat(archive().archive()).isNotEqualTo(before);
  }

  @Test
  void poolsOfAnySize_shareOneArchive() {
    Path archive = SharedArchive.forWorkers("java", List.of("-XX:MaxRAMPercentage=25.0", "-Xms8m"), jar.toString())
        .archive();
    assertThat(SharedArchive.forWorkers("java", List.of("-XX:MaxRAMPercentage=6.25", "-Xms8m", "-Xmx1g"),
        jar.toString()).archive()).isEqualTo(archive);
  }

  @Test
  void noSharing_whenSwitchedOff_whenTheUserChoseClassDataOptions_orWithADirectoryOnTheClassPath() {
    assertThat(SharedArchive.forWorkers("java", List.of("-Xshare:off"), jar.toString()).archive()).isNull();
    assertThat(SharedArchive.forWorkers("java", List.of("-XX:SharedArchiveFile=mine.jsa"), jar.toString()).archive())
        .isNull();
    assertThat(SharedArchive.forWorkers("java", OPTIONS, jar + File.pathSeparator + tempDir).archive()).isNull();
    System.setProperty(SharedArchive.PROPERTY, "off");
    assertThat(archive().archive()).isNull();
    assertThat(archive().optionsFor(1)).isEmpty();
  }

  private SharedArchive archive() {
    return SharedArchive.forWorkers("java", OPTIONS, jar.toString());
  }

  private static Path recordingOf(List<String> options) {
    String option = options.stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
    return Path.of(option.substring("-XX:ArchiveClassesAtExit=".length()));
  }
}
