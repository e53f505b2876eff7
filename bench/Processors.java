// How much the machine's processors give at the moment of a benchmark run: the same fixed piece of arithmetic
// (no memory traffic, no allocation) timed on one thread, then on one thread per processor at once. On a machine of
// its own, N threads finish in the time of one (speed-up N); on a shared virtual machine the processors may be
// taken by other work, and the speed-up shows how much of the second processor the batch could have had.
// bench/run.sh runs it before and after the batch runs and prints both lines with the figures.
//
//   java bench/Processors.java
//
// Prints one line of JSON: {"processors":2,"oneThreadSeconds":…,"allThreadsSeconds":…,"speedUp":…}.

public class Processors {
    private static volatile long sink;

    private static long work(long n) {
        long x = 1;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 13;
        }
        return x;
    }

    private static double timed(int threads, long n) throws InterruptedException {
        Thread[] ts = new Thread[threads];
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> sink = work(n));
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    public static void main(String[] args) throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        long n = 500_000_000L;
        timed(1, n / 10); // compile
        double one = timed(1, n);
        double all = timed(processors, n);
        System.out.printf("{\"processors\":%d,\"oneThreadSeconds\":%.3f,\"allThreadsSeconds\":%.3f,\"speedUp\":%.2f}%n",
                processors, one, all, processors * one / all);
    }
}
