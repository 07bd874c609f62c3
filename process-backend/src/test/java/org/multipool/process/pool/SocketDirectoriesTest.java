package org.multipool.process.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketDirectoriesTest {
  @TempDir Path temp;

  @Test
  void theDirectoryOfAJvmThatIsGone_isRemoved_andNothingElse() throws Exception {
    long me = ProcessHandle.current().pid();
    Path own = Files.createDirectory(temp.resolve("multipool-" + me + "-own"));
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path ofTheDead = Files.createDirectory(temp.resolve("multipool-" + ended.pid() + "-left"));
    Files.createFile(ofTheDead.resolve("s"));
    Path ofALiveJvm = Files.createDirectory(temp.resolve("multipool-" + me + "-other"));
    Path noPid = Files.createDirectory(temp.resolve("multipool-cache"));
    Path someoneElses = Files.createDirectory(temp.resolve("other-" + ended.pid() + "-x"));

    assertThat(SocketDirectories.sweep(own)).isEqualTo(1);

    assertThat(ofTheDead).doesNotExist();
    assertThat(own).exists();
    assertThat(ofALiveJvm).exists();
    assertThat(noPid).exists();
    assertThat(someoneElses).exists();
  }

  @Test
  void aDirectoryIsNamedAfterThisJvm() {
    assertThat(SocketDirectories.prefixOfThisJvm()).isEqualTo("multipool-" + ProcessHandle.current().pid() + "-");
  }
}
