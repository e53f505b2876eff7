package com.subsidyevaluator.io;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Record accessors as plain functions (made once with {@link LambdaMetafactory}): reading a component through one
 * is an ordinary interface call, cheaper than reflection or a method handle that is not a constant.
 */
public final class Accessors {

    private Accessors() {
    }

    /** A function calling {@code accessor} (a public no-argument instance method) on its argument. */
    @SuppressWarnings("unchecked")
    public static Function<Object, Object> of(Method accessor) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle target = lookup.unreflect(accessor);
            CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
                    MethodType.methodType(Object.class, Object.class), target,
                    MethodType.methodType(box(accessor.getReturnType()), accessor.getDeclaringClass()));
            return (Function<Object, Object>) site.getTarget().invokeExact();
        } catch (Throwable e) {
            // fall back to reflection
            return o -> {
                try {
                    return accessor.invoke(o);
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException(ex);
                }
            };
        }
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        return MethodType.methodType(t).wrap().returnType();
    }
}
