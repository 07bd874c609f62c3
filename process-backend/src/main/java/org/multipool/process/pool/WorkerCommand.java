package org.multipool.process.pool;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.multipool.process.worker.WorkerMain;

/**
 * The command line of a worker JVM: the same {@code java} as this JVM, the
 * {@linkplain WorkerJvmDefaults defaults for JVMs that share a machine}, the pool's
 * {@code jvmOptions}, this JVM's effective class path, and where to connect.
 *
 * <p>The effective class path is {@code java.class.path} plus the module path plus the file URLs
 * of every {@link URLClassLoader} between the system class loader and the pool creator's context
 * class loader, so that workers see the caller's classes also under {@code mvn exec:java}, a test
 * runner or an application's own class loader. Two system properties override the choice:
 * {@value #JAVA_PROPERTY} names the {@code java} executable, {@value #CLASS_PATH_PROPERTY} the
 * class path. A {@code -cp} among the {@code jvmOptions} also wins over the computed class path.
 */
public final class WorkerCommand {
  public static final String JAVA_PROPERTY = "multipool.process.java";
  public static final String CLASS_PATH_PROPERTY = "multipool.process.classpath";

  /**
   * Options every worker gets before the pool's own, which may override them: a worker that runs
   * out of memory exits, as its state is no longer trustworthy, and the pool reports it crashed;
   * the JVM's own messages, such as why it ended, go to stderr, whose tail crash reports show.
   */
  private static final List<String> DEFAULT_OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr");

  private final List<String> options;
  private final List<String> classPathAndMain;
  private final SharedArchive sharedArchive;

  WorkerCommand(List<String> jvmOptions, ClassLoader callerLoader, int workers) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(DEFAULT_OPTIONS);
    command.addAll(WorkerJvmDefaults.forWorkers(workers, jvmOptions, System.getenv()));
    command.addAll(jvmOptions);
    String classPath = classPathOption(jvmOptions);
    List<String> tail = new ArrayList<>();
    if (classPath == null) {
      classPath = classPath(callerLoader);
      tail.add("-cp");
      tail.add(classPath);
    }
    tail.add(WorkerMain.class.getName());
    this.options = List.copyOf(command);
    this.classPathAndMain = List.copyOf(tail);
    this.sharedArchive = SharedArchive.forWorkers(command.get(0), command.subList(1, command.size()), classPath);
  }

  /** The whole command for worker {@code number}, which connects to {@code socket}. */
  List<String> forWorker(Path socket, int number) {
    List<String> command = new ArrayList<>(options);
    command.addAll(sharedArchive.optionsFor(number));
    command.addAll(classPathAndMain);
    command.add(socket.toString());
    command.add(Integer.toString(number));
    command.add(Long.toString(ProcessHandle.current().pid()));
    return command;
  }

  /** The {@code java} executable of this command. */
  String executable() {
    return options.get(0);
  }

  /** The class-data archive the workers share. */
  SharedArchive sharedArchive() {
    return sharedArchive;
  }

  /** The {@code java} executable workers run with. */
  public static String javaExecutable() {
    String configured = System.getProperty(JAVA_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
  }

  static String classPath(ClassLoader callerLoader) {
    String configured = System.getProperty(CLASS_PATH_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Set<String> entries = new LinkedHashSet<>();
    addPath(entries, System.getProperty("java.class.path"));
    addPath(entries, System.getProperty("jdk.module.path"));
    addLoaders(entries, WorkerCommand.class.getClassLoader());
    addLoaders(entries, callerLoader);
    return String.join(File.pathSeparator, entries);
  }

  private static void addPath(Set<String> entries, String path) {
    if (path == null) {
      return;
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
  }

  /** Adds the file URLs of a loader and its parents, parents first, as they are searched. */
  private static void addLoaders(Set<String> entries, ClassLoader loader) {
    Deque<ClassLoader> chain = new ArrayDeque<>();
    for (ClassLoader current = loader; current != null; current = current.getParent()) {
      chain.push(current);
    }
    for (ClassLoader current : chain) {
      if (current instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          if ("file".equals(url.getProtocol())) {
            try {
              entries.add(Path.of(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
              // not a plain file: a worker could not use it either
            }
          }
        }
      }
    }
  }

  /** The class path among {@code options}, or null if they set none. */
  private static String classPathOption(List<String> options) {
    String found = null;
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if ((option.equals("-cp") || option.equals("-classpath") || option.equals("--class-path"))
          && i + 1 < options.size()) {
        found = options.get(++i); // the last one counts, as for java itself
      } else if (option.startsWith("--class-path=")) {
        found = option.substring("--class-path=".length());
      }
    }
    return found;
  }
}
