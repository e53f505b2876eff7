import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator of bench/serve.sh: N keep-alive connections (raw sockets, HTTP/1.1, one thread each), each
 * sending {@code POST /api/evaluate} with one case drawn from a JSON Lines file of cases (each connection starts at
 * its own place and goes through the file in order), for a warm-up whose requests are not counted, then for the
 * measured time.
 *
 * <ul>
 *   <li>closed loop (default): each connection sends its next request as soon as the answer to the last one has
 *       arrived; the rate is what the server gives;</li>
 *   <li>open loop ({@code --rate R}): requests are due at R per second, evenly spaced, whatever the server does; a
 *       free connection takes the next due request, and a request's latency is counted from when it was due (so a
 *       server that falls behind shows it in the latencies instead of slowing the client down).</li>
 * </ul>
 *
 * Every answer other than 200 (and every broken connection) is an error. Latencies are exact: every request's time
 * is kept and sorted. With {@code --sample-pid PID} the server's resident memory (/proc/PID/status VmRSS) and its
 * heap in use (the sum of {@code jvm_memory_used_bytes{area="heap"}} of /metrics) are read every
 * {@code --sample-every} seconds of the measured time and written to {@code --samples FILE}.
 *
 * <p>The last line printed is JSON: {@code {"connections":…,"requests":…,"errors":…,"seconds":…,"perSecond":…,
 * "p50Ms":…,"p90Ms":…,"p99Ms":…,"maxMs":…,…}}.
 *
 * <pre>
 * java ServeLoad --url http://127.0.0.1:8080 --cases population.jsonl --connections 32 --warmup 5 --seconds 15
 * java ServeLoad --url … --cases … --connections 32 --rate 1500 --seconds 300 --sample-pid 1234 --samples mem.tsv
 * java ServeLoad --url … --wait-ready 120      (waits until /health answers 200)
 * </pre>
 */
public final class ServeLoad {

    public static void main(String[] args) throws Exception {
        String url = null;
        Path casesFile = null;
        int connections = 1;
        double warmup = 5;
        double seconds = 15;
        double rate = 0;
        long samplePid = 0;
        double sampleEvery = 5;
        Path samplesOut = null;
        double waitReady = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--cases" -> casesFile = Path.of(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--sample-pid" -> samplePid = Long.parseLong(args[++i]);
                case "--sample-every" -> sampleEvery = Double.parseDouble(args[++i]);
                case "--samples" -> samplesOut = Path.of(args[++i]);
                case "--wait-ready" -> waitReady = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        URI u = URI.create(url);
        InetSocketAddress address = new InetSocketAddress(u.getHost(), u.getPort());
        String host = u.getHost() + ":" + u.getPort();
        if (waitReady > 0) {
            System.exit(waitReady(address, host, waitReady) ? 0 : 1);
        }
        if (casesFile == null) {
            throw new IllegalArgumentException("--cases is required");
        }
        List<byte[]> requests = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(casesFile, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    requests.add(request(host, line.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no cases in " + casesFile);
        }

        long now = System.nanoTime();
        long measureFrom = now + (long) (warmup * 1e9);
        long measureTo = measureFrom + (long) (seconds * 1e9);
        Load load = new Load(address, requests, connections, rate, now, measureFrom, measureTo);
        Sampler sampler = samplePid > 0 ? new Sampler(address, host, samplePid, sampleEvery, measureFrom, measureTo) : null;
        if (sampler != null) {
            sampler.start();
        }
        Result result = load.run();
        if (sampler != null) {
            sampler.join();
            if (samplesOut != null) {
                Files.write(samplesOut, sampler.lines, StandardCharsets.UTF_8);
            }
        }
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"connections\":%d,\"mode\":\"%s\",\"targetRate\":%.1f,\"requests\":%d,"
                        + "\"errors\":%d,\"seconds\":%.3f,\"perSecond\":%.1f,\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,"
                        + "\"p999Ms\":%.3f,\"maxMs\":%.3f",
                connections, rate > 0 ? "open" : "closed", rate, result.ok, result.errors, seconds,
                result.ok / seconds, ms(result.quantile(0.50)), ms(result.quantile(0.90)), ms(result.quantile(0.99)),
                ms(result.quantile(0.999)), ms(result.quantile(1.0))));
        if (sampler != null) {
            json.append(sampler.summary());
        }
        if (!result.firstError.isEmpty()) {
            json.append(",\"firstError\":\"").append(result.firstError.replace("\\", "\\\\").replace("\"", "'")
                    .replace("\n", " ").replace("\r", "")).append('"');
        }
        json.append('}');
        System.out.println(json);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static byte[] request(String host, byte[] body) {
        byte[] head = ("POST /api/evaluate HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    // ------------------------------------------------------------------------------------------------ the load

    static final class Result {
        long ok;
        long errors;
        String firstError = "";
        long[] latencies = new long[0];

        long quantile(double q) {
            if (latencies.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(q * latencies.length); // nearest rank
            return latencies[Math.max(0, Math.min(latencies.length, rank) - 1)];
        }
    }

    static final class Load {
        final InetSocketAddress address;
        final List<byte[]> requests;
        final int connections;
        final double rate;
        final long start;
        final long measureFrom;
        final long measureTo;
        /** Open loop: the number of the next request due. */
        final AtomicLong nextDue = new AtomicLong();

        Load(InetSocketAddress address, List<byte[]> requests, int connections, double rate, long start,
             long measureFrom, long measureTo) {
            this.address = address;
            this.requests = requests;
            this.connections = connections;
            this.rate = rate;
            this.start = start;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
        }

        Result run() throws InterruptedException {
            Connection[] cs = new Connection[connections];
            Thread[] ts = new Thread[connections];
            for (int i = 0; i < connections; i++) {
                cs[i] = new Connection(this, i);
                ts[i] = new Thread(cs[i], "load-" + i);
                ts[i].setDaemon(true);
                ts[i].start();
            }
            Result r = new Result();
            int n = 0;
            for (int i = 0; i < connections; i++) {
                ts[i].join();
                r.ok += cs[i].ok;
                r.errors += cs[i].errors;
                if (r.firstError.isEmpty()) {
                    r.firstError = cs[i].firstError;
                }
                n += cs[i].count;
            }
            r.latencies = new long[n];
            int at = 0;
            for (Connection c : cs) {
                System.arraycopy(c.latencies, 0, r.latencies, at, c.count);
                at += c.count;
            }
            Arrays.sort(r.latencies);
            return r;
        }
    }

    static final class Connection implements Runnable {
        final Load load;
        final int index;
        long ok;
        long errors;
        String firstError = "";
        long[] latencies = new long[1 << 14];
        int count;
        Socket socket;
        OutputStream out;
        InputStream in;
        final byte[] line = new byte[8192];

        Connection(Load load, int index) {
            this.load = load;
            this.index = index;
        }

        @Override
        public void run() {
            int next = (int) ((long) index * load.requests.size() / load.connections);
            while (true) {
                long due;
                if (load.rate > 0) {
                    long k = load.nextDue.getAndIncrement();
                    due = load.start + (long) (k * 1e9 / load.rate);
                    if (due >= load.measureTo) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    due = System.nanoTime();
                    if (due >= load.measureTo) {
                        break;
                    }
                }
                byte[] request = load.requests.get(next);
                next = next + 1 == load.requests.size() ? 0 : next + 1;
                int status;
                String problem = null;
                try {
                    status = send(request);
                } catch (IOException e) {
                    status = -1;
                    problem = e.toString();
                    close();
                }
                long end = System.nanoTime();
                if (due >= load.measureFrom && end <= load.measureTo) {
                    if (status == 200) {
                        ok++;
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = end - due;
                    } else {
                        errors++;
                        if (firstError.isEmpty()) {
                            firstError = problem != null ? problem : "HTTP " + status;
                        }
                    }
                }
            }
            close();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing
                }
            }
            socket = null;
        }

        /** Sends one request on the kept-alive connection (opened when needed) and reads the whole answer. */
        int send(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(60_000);
                socket.connect(load.address, 10_000);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            }
            out.write(request);
            out.flush();
            return readResponse(in, line, null);
        }
    }

    /** Reads one HTTP/1.1 answer (Content-Length or chunked); returns its status; the body into {@code body} if given. */
    static int readResponse(InputStream in, byte[] line, java.io.ByteArrayOutputStream body) throws IOException {
        String status = readLine(in, line);
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h; !(h = readLine(in, line)).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (chunked) {
            while (true) {
                String size = readLine(in, line);
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    while (!readLine(in, line).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(in, n, body);
                readLine(in, line);
            }
        } else if (length >= 0) {
            skip(in, length, body);
        } else {
            throw new IOException("an answer without a length");
        }
        if (close) {
            throw new IOException("the server closed the connection (HTTP " + code + ")");
        }
        return code;
    }

    static void skip(InputStream in, long n, java.io.ByteArrayOutputStream body) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("the answer ended early");
            }
            if (body != null) {
                body.write(buf, 0, r);
            }
            n -= r;
        }
    }

    static String readLine(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed");
            }
            if (b == '\n') {
                break;
            }
            if (n < buf.length) {
                buf[n++] = (byte) b;
            }
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    static String get(InetSocketAddress address, String host, String path, int[] status) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(30_000);
            s.connect(address, 5_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: keep-alive\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            status[0] = readResponse(new BufferedInputStream(s.getInputStream()), new byte[8192], body);
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    static boolean waitReady(InetSocketAddress address, String host, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            try {
                int[] status = new int[1];
                get(address, host, "/health", status);
                if (status[0] == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ memory

    /** Reads the server's memory every few seconds of the measured time. */
    static final class Sampler extends Thread {
        final InetSocketAddress address;
        final String host;
        final long pid;
        final long every;
        final long from;
        final long to;
        final List<String> lines = new ArrayList<>();
        final List<double[]> samples = new ArrayList<>(); // seconds, rss MiB, heap MiB

        Sampler(InetSocketAddress address, String host, long pid, double everySeconds, long from, long to) {
            super("memory-sampler");
            setDaemon(true);
            this.address = address;
            this.host = host;
            this.pid = pid;
            this.every = (long) (everySeconds * 1e9);
            this.from = from;
            this.to = to;
            lines.add("seconds\trss_mib\theap_used_mib");
        }

        @Override
        public void run() {
            for (long t = from; t <= to; t += every) {
                long wait = t - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                double at = (System.nanoTime() - from) / 1e9;
                double rss = rssMib();
                double heap = heapMib();
                samples.add(new double[] {at, rss, heap});
                lines.add(String.format(Locale.ROOT, "%.1f\t%.1f\t%.1f", at, rss, heap));
            }
        }

        double rssMib() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith("VmRSS:")) {
                        return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone
            }
            return Double.NaN;
        }

        double heapMib() {
            try {
                int[] status = new int[1];
                String text = get(address, host, "/metrics", status);
                double sum = 0;
                for (String l : text.split("\n")) {
                    if (l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\"")) {
                        sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                    }
                }
                return sum / (1024.0 * 1024.0);
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }

        /** First and last minute (or fifth of the time, if shorter): mean and max of each. */
        String summary() {
            double total = (to - from) / 1e9;
            double window = Math.min(60, total / 5);
            double[] first = stats(0, window);
            double[] last = stats(total - window, total + 1);
            return String.format(Locale.ROOT, ",\"samples\":%d,\"windowSeconds\":%.0f,\"rssFirstMib\":%.1f,\"rssLastMib\":%.1f,"
                            + "\"rssMaxMib\":%.1f,\"heapFirstMib\":%.1f,\"heapLastMib\":%.1f,\"heapFirstMaxMib\":%.1f,"
                            + "\"heapLastMaxMib\":%.1f",
                    samples.size(), window, first[0], last[0], samples.stream().mapToDouble(s -> s[1]).max().orElse(Double.NaN),
                    first[1], last[1], first[2], last[2]);
        }

        /** Mean RSS, mean heap, max heap of the samples in [a, b). */
        double[] stats(double a, double b) {
            double rss = 0;
            double heap = 0;
            double heapMax = 0;
            int n = 0;
            for (double[] s : samples) {
                if (s[0] >= a && s[0] < b) {
                    rss += s[1];
                    heap += s[2];
                    heapMax = Math.max(heapMax, s[2]);
                    n++;
                }
            }
            return n == 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {rss / n, heap / n, heapMax};
        }
    }
}
