package org.multipool.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.multipool.Pool;
import org.multipool.SharedMap;

/**
 * Counts the words of many files in worker JVMs, into one {@link SharedMap} with {@code merge}:
 * Python's {@code Manager().dict()}, without the lock it needs there. Each {@code merge} runs where
 * the map lives, in this JVM, so the workers' updates to the same word never overwrite each other.
 * The result is checked against a count made here, one file after another.
 *
 * <pre>{@code
 * SharedMap<String, Long> counts = pool.newMap();
 * pool.map(file -> { for (String word : words(file)) counts.merge(word, 1L, Long::sum); return null; }, files);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class WordCount {
  static final Example EXAMPLE = Example.of("word-count",
      "words of many files counted in worker JVMs into one shared map with merge, checked against a plain count",
      WordCount::run,
      Option.number("workers", 2, 1, 64, "how many worker JVMs"),
      Option.number("files", 8, 1, 10_000, "how many sample files to write, when no FOLDER is given"),
      Option.number("words", 20_000, 1, 10_000_000, "how many words each sample file holds"))
      .withArgument("FOLDER", "count the words of the .txt files in this folder instead of sample files");

  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
  private static final String[] SAMPLE_WORDS = ("the pool runs tasks in worker processes and threads a queue"
      + " carries items a map gathers counts each worker merges its words where the map lives so no update"
      + " is lost when many workers count the same word at once").split(" ");

  private WordCount() {}

  /**
   * Runs the example.
   *
   * @param args options and an optional folder; {@code --help} lists them
   * @throws Exception if a pool does something other than what the example expects
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    boolean samples = options.argument().isEmpty();
    Path folder = samples ? Files.createTempDirectory("multipool-word-count") : Paths.get(options.argument().get());
    try {
      if (samples) {
        writeSamples(folder, options.intValue("files"), options.intValue("words"));
      } else if (!Files.isDirectory(folder)) {
        throw new UsageException("FOLDER must be a folder of .txt files, but " + folder + " is not a folder");
      }
      List<String> files = textFiles(folder);
      if (files.isEmpty()) {
        throw new UsageException("FOLDER holds no .txt files: " + folder);
      }
      count(files, options.intValue("workers"));
    } finally {
      if (samples) {
        deleteSamples(folder);
      }
    }
  }

  private static void count(List<String> files, int workers) throws Exception {
    long start = System.nanoTime();
    Map<String, Long> counted;
    try (Pool pool = Pool.processes(workers)) {
      SharedMap<String, Long> counts = pool.newMap();
      List<Long> perFile = pool.map(file -> {
        Map<String, Long> here = countWords(file);
        here.forEach((word, n) -> counts.merge(word, n, Long::sum)); // one call per distinct word
        return here.values().stream().mapToLong(Long::longValue).sum();
      }, files, 1);
      counted = counts.snapshot();
      System.out.printf("%,d files, %,d words counted by %d worker JVMs in %,d ms%n", files.size(),
          perFile.stream().mapToLong(Long::longValue).sum(), workers, (System.nanoTime() - start) / 1_000_000);
    }
    System.out.println("The most common words:");
    counted.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(8)
        .forEach(entry -> System.out.printf("  %-12s %,8d%n", entry.getKey(), entry.getValue()));

    Map<String, Long> sequential = new HashMap<>();
    for (String file : files) {
      countWords(file).forEach((word, n) -> sequential.merge(word, n, Long::sum));
    }
    System.out.println(counted.equals(sequential)
        ? "The shared map matches a count made here, one file after another: " + counted.size() + " distinct words"
        : "The shared map DIFFERS from a count made here: " + counted.size() + " words against " + sequential.size());
  }

  static Map<String, Long> countWords(String file) throws IOException {
    try (Stream<String> lines = Files.lines(Paths.get(file), StandardCharsets.UTF_8)) {
      return lines.flatMap(NOT_A_WORD::splitAsStream)
          .filter(word -> !word.isEmpty())
          .map(String::toLowerCase)
          .collect(Collectors.groupingBy(word -> word, HashMap::new, Collectors.counting()));
    }
  }

  private static List<String> textFiles(Path folder) throws IOException {
    try (Stream<Path> listed = Files.list(folder)) {
      return listed.filter(path -> path.toString().endsWith(".txt")).sorted(Comparator.naturalOrder())
          .map(Path::toString).collect(Collectors.toList());
    }
  }

  private static void writeSamples(Path folder, int files, int words) throws IOException {
    Random random = new Random(42);
    for (int f = 0; f < files; f++) {
      StringBuilder text = new StringBuilder();
      for (int w = 1; w <= words; w++) {
        text.append(SAMPLE_WORDS[random.nextInt(SAMPLE_WORDS.length)]).append(w % 12 == 0 ? ".\n" : " ");
      }
      Files.writeString(folder.resolve(String.format("sample-%03d.txt", f)), text);
    }
  }

  private static void deleteSamples(Path folder) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> listed = Files.list(folder)) {
      listed.forEach(all::add);
    }
    for (Path path : all) {
      Files.delete(path);
    }
    Files.delete(folder);
  }
}
