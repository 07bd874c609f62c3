package org.multipool.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where loopback members find each other: only their user's, only the living, nothing left behind. */
class LoopbackPeersTest {
  private static final String PROPERTY = "multipool.cluster.peers.dir";

  @TempDir Path tempDir;
  private Path base;
  private String previous;

  @BeforeEach
  void peersInTempDir() {
    base = tempDir.resolve("clusters");
    previous = System.setProperty(PROPERTY, base.toString());
  }

  @AfterEach
  void restore() {
    if (previous == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, previous);
    }
  }

  @Test
  void aClustersDirectory_isReadableByItsOwnerOnly_andNamedWithoutTheClustersName() throws Exception {
    Path directory = LoopbackPeers.directoryOf("secret-name");
    assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(base)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(directory.getFileName().toString()).doesNotContain("secret").hasSize(32);
    assertThat(LoopbackPeers.directoryOf("secret-name")).isEqualTo(directory);
    assertThat(LoopbackPeers.directoryOf("another-name")).isNotEqualTo(directory);
  }

  @Test
  void thePeersListed_areTheLivingOnes_andEntriesOfJvmsGoneAreRemoved() throws Exception {
    Path directory = LoopbackPeers.directoryOf("cluster-" + System.nanoTime());
    long alive = ProcessHandle.current().pid();
    long dead = pidOfAnEndedProcess();
    Files.createFile(directory.resolve(alive + "-41000"));
    Files.createFile(directory.resolve(alive + "-41001"));
    Path gone = Files.createFile(directory.resolve(dead + "-41002"));
    Files.createFile(directory.resolve("lock"));

    assertThat(LoopbackPeers.livePeers(directory)).containsExactlyInAnyOrder("127.0.0.1:41000", "127.0.0.1:41001");
    assertThat(gone).doesNotExist();
  }

  @Test
  void clustersWhoseMembersAreAllGone_areSwept_andLiveOnesAreKept() throws Exception {
    Path deserted = LoopbackPeers.directoryOf("deserted-" + System.nanoTime());
    Path inUse = LoopbackPeers.directoryOf("in-use-" + System.nanoTime());
    long dead = pidOfAnEndedProcess();
    Files.createFile(deserted.resolve(dead + "-41003"));
    Files.createFile(deserted.resolve("lock"));
    Files.createFile(inUse.resolve(ProcessHandle.current().pid() + "-41004"));

    LoopbackPeers.sweepClustersGone(base);

    assertThat(deserted).doesNotExist();
    assertThat(inUse.resolve(ProcessHandle.current().pid() + "-41004")).exists();
  }

  private static long pidOfAnEndedProcess() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }
}
