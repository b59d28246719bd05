// GraphiQL on the service's own files. Its storage lives in memory only: nothing (query
// history, tabs, and above all a bearer token typed into the headers) stays in the browser.
(function () {
  var memory = {};
  var storage = {
    getItem: function (key) { return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null; },
    setItem: function (key, value) { memory[key] = String(value); },
    removeItem: function (key) { delete memory[key]; },
    clear: function () { memory = {}; },
    key: function (index) { return Object.keys(memory)[index] || null; },
    get length() { return Object.keys(memory).length; },
  };
  var root = document.getElementById("graphiql");
  var parameters = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: root.getAttribute("data-endpoint") });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      storage: storage,
      shouldPersistHeaders: false,
      defaultQuery: parameters.get("query") || '{\n  departments { edges { node { code name } } }\n}\n',
      variables: parameters.get("variables") || undefined,
    })
  );
})();
