package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The README's command table and JSON shapes say what {@code --help} and the commands say. */
class ReadmeAgreesWithHelpTest {

  static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

  @TempDir
  Path state;

  /** The rows of the markdown table whose header line is {@code header}, split into cells. */
  static List<List<String>> table(String header) throws Exception {
    List<String> lines = Files.readAllLines(README);
    int start = lines.indexOf(header);
    assertThat(start).as("README table " + header).isNotNegative();
    List<List<String>> rows = new ArrayList<>();
    for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      List<String> cells = new ArrayList<>();
      for (String cell : lines.get(i).replace("\\|", "\u0000").split("\\|")) {
        cells.add(cell.replace('\u0000', '|').trim());
      }
      rows.add(cells.subList(1, cells.size()));
    }
    return rows;
  }

  @Test
  void everyCommandIsInTheTableAndEveryCommandAndOptionThereExists() throws Exception {
    CommandLine root = DeployerCli.commandLine();
    Set<String> documented = new TreeSet<>();
    for (List<String> row : table("| command | what it does |")) {
      Matcher code = CODE.matcher(row.get(0));
      while (code.find()) {
        String[] words = code.group(1).split(" ");
        CommandLine command = root.getSubcommands().get(words[0]);
        assertThat(command).as("README names a command `%s` that --help does not list", words[0]).isNotNull();
        documented.add(words[0]);
        Set<String> options = optionsOf(command.getCommandSpec());
        if (words.length > 1 && !words[1].startsWith("-") && !words[1].startsWith("[")) {
          for (String sub : words[1].split("\\|")) {
            assertThat(command.getSubcommands()).as(words[0] + " " + sub).containsKey(sub);
          }
        }
        Matcher option = OPTION.matcher(code.group(1));
        while (option.find()) {
          assertThat(options).as("`%s` in the README's row of %s", option.group(), words[0]).contains(option.group());
        }
      }
    }
    Set<String> listed = root.getSubcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden() && !e.getKey().equals("help"))
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).isEqualTo(listed);
  }

  @Test
  void theJsonShapesAreTheDocumentsTheCommandsPrint() throws Exception {
    JsonOutputTest commands = new JsonOutputTest();
    commands.state = state;
    commands.aStateDirectoryWithOneOfEverything();
    Map<String, List<String>> documented = new LinkedHashMap<>();
    for (List<String> row : table("| schema | command | fields |")) {
      String schema = unquote(row.get(0));
      String command = unquote(row.get(1));
      assertThat(JsonOutputTest.COMMANDS).as(schema).containsKey(schema);
      assertThat(command).isEqualTo(String.join(" ", JsonOutputTest.COMMANDS.get(schema)) + " --json");
      documented.put(schema, CODE.matcher(row.get(2)).results().map(m -> m.group(1)).toList());
    }
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(JsonOutputTest.COMMANDS.keySet());
    for (Map.Entry<String, List<String>> shape : documented.entrySet()) {
      JsonNode document = commands.json(JsonOutputTest.COMMANDS.get(shape.getKey()));
      assertThat(JsonOutputTest.fields(document)).as(shape.getKey()).containsExactlyElementsOf(shape.getValue());
    }
    // Each command documents its --json in --help.
    for (String[] command : JsonOutputTest.COMMANDS.values()) {
      CommandLine sub = DeployerCli.commandLine();
      for (String name : command) {
        sub = sub.getSubcommands().get(name);
      }
      assertThat(sub.getUsageMessage()).as(String.join(" ", command)).contains("--json");
    }
  }

  @Test
  void theLockFieldsAreTheOnesDocumented() throws Exception {
    String readme = Files.readString(README);
    Matcher line = Pattern.compile("- `lock`: `held`, and while held (.*?)\\.\\n", Pattern.DOTALL).matcher(readme);
    assertThat(line.find()).isTrue();
    List<String> fields = new ArrayList<>(List.of("held"));
    CODE.matcher(line.group(1)).results().map(m -> m.group(1)).forEach(fields::add);
    assertThat(fields).containsExactlyElementsOf(
        java.util.Arrays.stream(LockCommand.Lock.class.getRecordComponents()).map(c -> c.getName()).toList());
  }

  private static Set<String> optionsOf(CommandSpec spec) {
    Set<String> options = new TreeSet<>();
    spec.options().forEach(option -> options.addAll(List.of(option.names())));
    spec.subcommands().values().forEach(sub -> options.addAll(optionsOf(sub.getCommandSpec())));
    return options;
  }

  private static String unquote(String cell) {
    return cell.replace("`", "");
  }
}
