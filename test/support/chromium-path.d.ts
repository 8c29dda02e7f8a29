export declare const BROWSER_TESTS: string;
export declare function findChromium(): string | undefined;
export declare function leaveOutBrowserTests(): boolean;
