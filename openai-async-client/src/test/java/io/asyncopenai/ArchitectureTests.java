package io.asyncopenai;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of the client module, checked on its compiled classes (hand-written and
 * generated alike): no package cycles, a transport that knows nothing of the rest, models that
 * know nothing of the transport.
 */
class ArchitectureTests {

	private static final JavaClasses CLIENT = new ClassFileImporter().importPath(mainClasses());

	@Test
	void theImportHoldsEveryPackageOfTheClient() {
		assertThat(CLIENT.stream().map(JavaClass::getPackageName).distinct()).contains("io.asyncopenai",
				"io.asyncopenai.core", "io.asyncopenai.http", "io.asyncopenai.errors", "io.asyncopenai.services",
				"io.asyncopenai.models.responses");
	}

	@Test
	void noPackageDependsOnItselfThroughOthers() {
		slices().assignedFrom(EVERY_PACKAGE).should().beFreeOfCycles().check(CLIENT);
	}

	@Test
	void theTransportImportsNothingElseOfTheProject() {
		ArchRule rule = noClasses().that()
			.resideInAPackage("io.asyncopenai.http..")
			.should()
			.dependOnClassesThat(
					resideInAPackage("io.asyncopenai..").and(DescribedPredicate.not(resideInAPackage("io.asyncopenai.http.."))))
			.because("the transport is the bottom layer: core maps its failures to the client's exceptions");
		rule.check(CLIENT);
	}

	@Test
	void modelsNeverDependOnTheTransport() {
		noClasses().that()
			.resideInAPackage("io.asyncopenai.models..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.asyncopenai.http..")
			.check(CLIENT);
	}

	@Test
	void publicConstructorsOfServicesTakeOnlyPublicTypes() {
		constructors().that()
			.areDeclaredInClassesThat()
			.resideInAPackage("io.asyncopenai.services..")
			.and()
			.arePublic()
			.should(takeOnlyPublicTypes())
			.check(CLIENT);
	}

	private static final SliceAssignment EVERY_PACKAGE = new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			return (name.equals("io.asyncopenai") || name.startsWith("io.asyncopenai.")) ? SliceIdentifier.of(name)
					: SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "every package of io.asyncopenai";
		}

	};

	private static ArchCondition<JavaConstructor> takeOnlyPublicTypes() {
		return new ArchCondition<>("take only public types") {

			@Override
			public void check(JavaConstructor constructor, ConditionEvents events) {
				for (JavaClass parameter : constructor.getRawParameterTypes()) {
					boolean visible = parameter.isPrimitive()
							|| parameter.getModifiers().contains(JavaModifier.PUBLIC);
					if (!visible) {
						events.add(SimpleConditionEvent.violated(constructor,
								constructor.getFullName() + " takes " + parameter.getName() + ", which is not public"));
					}
				}
			}

		};
	}

	private static Path mainClasses() {
		try {
			return Path.of(AsyncOpenAI.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
