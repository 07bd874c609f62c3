package org.multipool.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.multipool.Pool;

/**
 * Fetch and parse web pages, one after the other and then on a pool of threads. Fetching is I/O:
 * a thread waits for the server most of the time, so many threads fetch many pages at once, far
 * more than there are cores. Parsing uses jsoup, a real HTML parser.
 *
 * <p>The example starts its own small web shop on 127.0.0.1 (the JDK's {@code HttpServer}, a free
 * port, a delay per request like a real server's), so it needs no network, and stops it at the end.
 *
 * <pre>{@code
 * List<Product> products = pool.map(Scrape::fetch, urls);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Scrape {
  static final Example EXAMPLE = Example.of("scrape",
      "fetch and parse pages from a local server with jsoup: sequential vs a pool of threads",
      Scrape::run,
      Option.number("pages", 30, 1, 100_000, "pages to fetch"),
      Option.number("delay-ms", 50, 0, 60_000, "how long the server takes to answer each request"),
      Option.number("threads", 8, 1, 1_000, "threads fetching at once"));

  private Scrape() {}

  /**
   * Runs the example.
   *
   * @param args options; {@code --help} lists them
   * @throws Exception if a page cannot be fetched
   */
  public static void main(String[] args) throws Exception {
    EXAMPLE.main(args);
  }

  static void run(Options options) throws Exception {
    int pages = options.intValue("pages");
    int threads = options.intValue("threads");
    try (Shop shop = Shop.start(options.longValue("delay-ms"))) {
      System.out.println("shop serving " + pages + " product pages at " + shop.url(""));
      List<String> urls = new ArrayList<>();
      for (int i = 1; i <= pages; i++) {
        urls.add(shop.url("products/" + i));
      }

      fetch(urls.get(0)); // untimed: loads jsoup and the HTTP classes, so neither run pays for that

      long start = System.nanoTime();
      List<Product> sequential = new ArrayList<>();
      for (String url : urls) {
        sequential.add(fetch(url));
      }
      Duration sequentialTime = Duration.ofNanos(System.nanoTime() - start);

      start = System.nanoTime();
      List<Product> pooled;
      try (Pool pool = Pool.threads(threads)) {
        pooled = pool.map(Scrape::fetch, urls); // in input order, like the loop
      }
      Duration pooledTime = Duration.ofNanos(System.nanoTime() - start);

      pooled.stream().limit(5).forEach(product -> System.out.println("  " + product));
      if (pages > 5) {
        System.out.printf("  ... and %d more%n", pages - 5);
      }
      System.out.println("same products both ways: " + sequential.equals(pooled));
      System.out.printf("%-12s %,6d ms%n", "sequential", sequentialTime.toMillis());
      System.out.printf("%-12s %,6d ms, %.1fx faster: the threads wait for the server side by side%n",
          "threads(" + threads + ")", pooledTime.toMillis(), (double) sequentialTime.toNanos() / pooledTime.toNanos());
    }
    System.out.println("shop stopped");
  }

  /** Fetches one product page and extracts what a scraper wants from it. */
  static Product fetch(String url) throws IOException {
    Document page = Jsoup.connect(url).timeout(30_000).get();
    return new Product(
        page.select("h1.name").text(),
        page.select("span.price").text(),
        page.select("ul.tags li").eachText(),
        page.select("a[href]").size());
  }

  /** What the scraper extracts from a product page; stays in this JVM, as a thread pool needs no serialization. */
  static final class Product {
    final String name;
    final String price;
    final List<String> tags;
    final int links;

    Product(String name, String price, List<String> tags, int links) {
      this.name = name;
      this.price = price;
      this.tags = List.copyOf(tags);
      this.links = links;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Product && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
      return toString().hashCode();
    }

    @Override
    public String toString() {
      return String.format("%-12s %8s  tags %-26s %d links", name, price, tags, links);
    }
  }

  /** The local web shop: generated product pages, each answered after a delay. */
  static final class Shop implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers;

    private Shop(HttpServer server, ExecutorService handlers) {
      this.server = server;
      this.handlers = handlers;
    }

    static Shop start(long delayMillis) throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AtomicInteger threadNumbers = new AtomicInteger();
      ExecutorService handlers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "shop-handler-" + threadNumbers.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(handlers); // a thread per request in flight, so the delays overlap
      server.createContext("/", exchange -> answer(exchange, delayMillis));
      server.start();
      return new Shop(server, handlers);
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    @Override
    public void close() {
      server.stop(0);
      handlers.shutdownNow(); // interrupts requests still sleeping
      try {
        handlers.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void answer(HttpExchange exchange, long delayMillis) throws IOException {
      try (exchange) {
        Thread.sleep(delayMillis); // a real server takes its time too
        String path = exchange.getRequestURI().getPath();
        byte[] body = page(path.substring(path.lastIndexOf('/') + 1)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the shop is closing
      }
    }

    private static String page(String id) {
      int n = id.chars().allMatch(Character::isDigit) && !id.isEmpty() ? Integer.parseInt(id) : 0;
      String[] kinds = {"Lamp", "Kettle", "Chair", "Clock", "Teapot", "Desk"};
      String[] tags = {"new", "sale", "eco", "handmade", "bestseller"};
      return "<!doctype html><html><head><title>Product " + n + "</title></head><body>"
          + "<nav><a href=\"/\">Home</a> <a href=\"/products\">All products</a></nav>"
          + "<h1 class=\"name\">" + kinds[n % kinds.length] + " " + n + "</h1>"
          + "<p>Price: <span class=\"price\">EUR " + (10 + n % 90) + "." + String.format("%02d", n * 7 % 100)
          + "</span></p>"
          + "<ul class=\"tags\"><li>" + tags[n % tags.length] + "</li><li>" + tags[(n / 2) % tags.length]
          + "</li></ul>"
          + "<p>See also <a href=\"/products/" + (n + 1) + "\">the next one</a>.</p>"
          + "</body></html>";
    }
  }
}
