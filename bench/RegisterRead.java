// Reading an Excel register on one thread, as `subsidy batch register.xlsx` reads it: every row of the main sheet
// joined with its list sheets into a case's JSON (RegisterReader), then that JSON read into the fact model
// (CaseReader, the same binder and validator as a case file). Prints one JSON line per round: rows, seconds and rows
// per second for the register alone and with the fact model. bench/run.sh runs it.
//
//   java -cp target/subsidy-evaluator-cli.jar:bench/work/classes RegisterRead --input reg.xlsx [--rounds 3]
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.RegisterReader;
import java.nio.file.Path;

public class RegisterRead {
    public static void main(String[] args) throws Exception {
        Path input = null;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--input" -> input = Path.of(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("--input reg.xlsx is required");
        }
        Path file = input;
        for (int r = 1; r <= rounds; r++) {
            boolean bind = r % 2 == 0; // alternate: register alone, then with the fact model
            long[] rows = {0};
            long[] errors = {0};
            long start = System.nanoTime();
            RegisterReader.read(file, file.toString(), null, (row, json, error) -> {
                if (error != null) {
                    errors[0]++;
                    return;
                }
                rows[0]++;
                if (bind) {
                    try {
                        CaseReader.read(json, file + " row " + row);
                    } catch (CaseFormatException e) {
                        errors[0]++;
                    }
                }
            });
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("{\"round\":%d,\"factModel\":%b,\"rows\":%d,\"errors\":%d,\"seconds\":%.3f,\"rowsPerSecond\":%.0f}%n",
                    r, bind, rows[0], errors[0], s, rows[0] / s);
        }
    }
}
