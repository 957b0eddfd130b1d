package dev.deployer.infrastructure.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.infrastructure.check.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JUnitXmlWriterTest {

  @Test
  void writesOneTestCasePerCheckGroupedByCategoryWithFailures(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/junit.xml");
    List<CheckResult> checks = List.of(
        new CheckResult("port api", "ports", CheckResult.Verdict.PASS, "open", "open", Duration.ofMillis(3), Instant.now()),
        new CheckResult("health <api> & \"x\"", "health", CheckResult.Verdict.FAIL, "200", "503", Duration.ofMillis(40),
            Instant.now()));

    JUnitXmlWriter.write(file, "deployer.verify.local", checks,
        List.of(new JUnitXmlWriter.Case("steps", "load", Duration.ofMillis(100), null)));

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo(3);
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(3);
    Element failure = (Element) xml.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("expected 200, got 503");
    Element failedCase = (Element) failure.getParentNode();
    assertThat(failedCase.getAttribute("name")).isEqualTo("health <api> & \"x\"");
    assertThat(((Element) failedCase.getParentNode()).getAttribute("failures")).isEqualTo("1");
  }
}
