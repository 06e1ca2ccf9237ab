import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def src = new File(basedir, 'src/main/java/dev/it/broken').canonicalPath
assert log =~ /\[WARNING\] \Q${src}\E\/Broken\.java:\[5,\d+\] \[parse\] /
assert log.contains("[WARNING] ${src}/VisitCounter.java:[9,9] [non-atomic-update]")
assert log.contains("[WARNING] ${src}/VisitCounter.java:[9,9] [data-race]")
assert log.contains('threadguard: 2 findings (2 warnings) in 2 files; 1 file could not be parsed; reports in ')
assert log.contains('[WARNING] threadguard: 2 findings would fail the build; failOnViolation is false, so it goes on')
assert log.contains('BUILD SUCCESS')

def dir = new File(basedir, 'target/threadguard')
assert dir.list().sort() == ['threadguard.json', 'threadguard.sarif']
def json = new JsonSlurper().parse(new File(dir, 'threadguard.json'))
assert json.summary.findings == 2
assert json.summary.unparsedFiles == 1
assert json.diagnostics*.path == ['src/main/java/dev/it/broken/Broken.java']
def sarif = new JsonSlurper().parse(new File(dir, 'threadguard.sarif'))
assert sarif.runs[0].results*.ruleId == ['data-race', 'non-atomic-update']
assert sarif.runs[0].invocations[0].toolExecutionNotifications.size() == 1
return true
