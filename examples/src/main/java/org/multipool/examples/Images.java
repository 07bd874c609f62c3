package org.multipool.examples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.multipool.Pool;

/**
 * Grayscale and halve a folder of images in parallel on worker JVMs, with the JDK's ImageIO. Each
 * image is read, converted and written by a worker, which answers with a line naming its pid.
 *
 * <p>With no folder, the example draws a few sample images into a temporary folder first, and
 * removes it at the end unless {@code --keep} is given.
 *
 * <pre>{@code
 * java -jar examples/target/multipool-examples.jar images ~/Pictures/holiday
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Images {
  static final Example EXAMPLE = Example.of("images",
      "grayscale and resize a folder of images on worker JVMs with ImageIO (samples if no folder)",
      Images::run,
      Option.number("workers", 2, 1, 64, "worker JVMs"),
      Option.number("samples", 6, 1, 1_000, "sample images to draw when no folder is given"),
      Option.number("size", 800, 16, 8_000, "width of the sample images, in pixels"),
      Option.flag("keep", "keep the sample folder instead of removing it"))
      .withArgument("FOLDER", "the images to process (png, jpg, gif, bmp); writes processed_* files beside them");

  private static final String PREFIX = "processed_";

  private Images() {}

  /**
   * Runs the example.
   *
   * @param args options and an optional folder; {@code --help} lists them
   * @throws Exception if the folder cannot be read or written
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    Path folder;
    boolean samples = options.argument().isEmpty();
    if (samples) {
      folder = Files.createTempDirectory("multipool-images-");
    } else {
      folder = Paths.get(options.argument().get());
      if (!Files.isDirectory(folder)) {
        throw new UsageException("FOLDER must be a directory of images, but " + folder + " is not one");
      }
    }

    try {
      if (samples) {
        drawSamples(folder, options.intValue("samples"), options.intValue("size"));
        System.out.println("drew " + options.intValue("samples") + " sample images in " + folder);
      }
      List<String> images = imagesIn(folder);
      if (images.isEmpty()) {
        System.out.println("no png, jpg, gif or bmp files in " + folder);
        return;
      }
      // Headless: the workers have no display, and need none to convert images.
      try (Pool pool = Pool.builder().processes(options.intValue("workers"))
              .jvmOptions("-Djava.awt.headless=true").build();
          Stream<String> done = pool.imapUnordered(Images::process, images)) {
        done.forEach(System.out::println); // in the order the workers finish
      }
      System.out.println("processed " + images.size() + " images into " + PREFIX + "* files in " + folder);
    } finally {
      if (samples && !options.flag("keep")) {
        deleteRecursively(folder);
        System.out.println("removed " + folder + " (--keep keeps it)");
      }
    }
  }

  /**
   * Runs in a worker: reads one image, writes a grayscale copy at half the size beside it.
   *
   * @param path the image's path, as a string because {@code Path} is not serializable
   * @return a line saying what was done, and by which worker
   */
  static String process(String path) throws IOException {
    File input = new File(path);
    long pid = ProcessHandle.current().pid();
    BufferedImage image;
    try {
      image = ImageIO.read(input); // null for a format ImageIO does not know
    } catch (IOException damaged) { // a truncated file, or a kind of JPEG ImageIO cannot decode
      return String.format("worker %d: skipped %s: %s", pid, input.getName(), damaged.getMessage());
    }
    if (image == null) {
      return String.format("worker %d: skipped %s, which ImageIO cannot read", pid, input.getName());
    }
    int width = Math.max(1, image.getWidth() / 2);
    int height = Math.max(1, image.getHeight() / 2);
    BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D graphics = gray.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.drawImage(image, 0, 0, width, height, null); // scales and converts to gray in one go
    } finally {
      graphics.dispose();
    }
    File output = new File(input.getParentFile(), PREFIX + input.getName());
    if (!ImageIO.write(gray, formatOf(input.getName()), output)) {
      output = new File(input.getParentFile(), PREFIX + input.getName() + ".png"); // no gray writer for it
      ImageIO.write(gray, "png", output);
    }
    return String.format("worker %d: %s %dx%d -> %s %dx%d gray", pid, input.getName(), image.getWidth(),
        image.getHeight(), output.getName(), width, height);
  }

  private static List<String> imagesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().startsWith(PREFIX))
          .filter(file -> List.of("png", "jpg", "jpeg", "gif", "bmp").contains(formatOf(file.getFileName().toString())))
          .sorted()
          .map(Path::toString)
          .collect(Collectors.toList());
    }
  }

  private static String formatOf(String fileName) {
    return fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  /** Draws colourful test cards: a gradient and a few circles, different for each number. */
  private static void drawSamples(Path folder, int count, int width) throws IOException {
    int height = width * 3 / 4;
    for (int n = 1; n <= count; n++) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D graphics = image.createGraphics();
      try {
        for (int y = 0; y < height; y++) {
          graphics.setColor(Color.getHSBColor((n * 0.13f + y / (float) height) % 1f, 0.6f, 0.9f));
          graphics.drawLine(0, y, width, y);
        }
        for (int c = 0; c < 5; c++) {
          graphics.setColor(Color.getHSBColor((n + c) * 0.21f % 1f, 0.8f, 0.5f));
          int size = width / (3 + c);
          graphics.fillOval((c * width / 5 + n * 17) % (width - size), (c * 37 + n * 29) % (height - size / 2), size,
              size);
        }
      } finally {
        graphics.dispose();
      }
      ImageIO.write(image, "png", folder.resolve(String.format("sample-%02d.png", n)).toFile());
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
